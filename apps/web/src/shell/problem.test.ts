import { describe, expect, it } from 'vitest';
import { localiseProblem, pointerToPath } from './problem';
import { lookupIn } from './i18n/format';
import { zhCN } from './i18n/zh-CN';
import { en } from './i18n/en';

const zh = lookupIn(zhCN);
const english = lookupIn(en);

describe('pointerToPath', () => {
  it('drops the request part and unescapes RFC 6901', () => {
    expect(pointerToPath('/body/location/0')).toEqual(['location', '0']);
    expect(pointerToPath('/querystring/q')).toEqual(['q']);
    expect(pointerToPath('/body')).toEqual([]);
    expect(pointerToPath('/body/a~1b/c~0d')).toEqual(['a/b', 'c~d']);
  });
});

describe('localiseProblem', () => {
  it('localises by code, translating parameters that are codes themselves', () => {
    const problem = {
      code: 'enterprise.credit_code_invalid',
      status: 422,
      detail: 'server text',
      params: { value: '91440300ABC', reason: 'check_digit' },
    };
    expect(localiseProblem(problem, zh, 'zh-CN').message).toBe(
      '统一社会信用代码“91440300ABC”无效：校验位不正确',
    );
    expect(localiseProblem(problem, english, 'en').message).toBe(
      'Unified social credit code "91440300ABC" is invalid: the check character is wrong',
    );
  });

  it("falls back to the server's detail for codes the catalogue does not know", () => {
    const result = localiseProblem({ code: 'future.code', detail: '新的错误' }, zh, 'zh-CN');
    expect(result.message).toBe('新的错误');
  });

  it('names the code when there is neither a catalogue entry nor a detail', () => {
    expect(localiseProblem({ code: 'future.code' }, english, 'en').message).toBe(
      'The request failed (future.code)',
    );
  });

  it('localises field errors with their pointers', () => {
    const result = localiseProblem(
      {
        code: 'request.invalid',
        errors: [
          { pointer: '/body/name', code: 'schema.minLength', params: { message: 'too short' } },
          { pointer: '/body/creditCode', code: 'enterprise.credit_code_taken', params: { value: 'X' } },
          { pointer: '/body/other', code: 'schema.unheard_of', params: { message: 'server says no' } },
        ],
      },
      zh,
      'zh-CN',
    );
    expect(result.message).toBe('请求内容不符合要求');
    expect(result.fields).toEqual([
      { pointer: '/body/name', path: ['name'], code: 'schema.minLength', message: '内容过短' },
      {
        pointer: '/body/creditCode',
        path: ['creditCode'],
        code: 'enterprise.credit_code_taken',
        message: '统一社会信用代码“X”已登记',
      },
      { pointer: '/body/other', path: ['other'], code: 'schema.unheard_of', message: 'server says no' },
    ]);
  });

  it('formats numbers for the locale and never leaks raw placeholders', () => {
    expect(
      localiseProblem({ code: 'import.file_too_large', params: { limit: 20971520 } }, english, 'en').message,
    ).toBe('The file exceeds the limit of 20,971,520 bytes');
    expect(localiseProblem({ code: 'import.file_too_large' }, english, 'en').message).toBe(
      'The file exceeds the limit of … bytes',
    );
  });

  it('passes the request id into internal errors', () => {
    const result = localiseProblem({ code: 'internal.unexpected', requestId: 'req-1' }, zh, 'zh-CN');
    expect(result.message).toContain('req-1');
  });
});
