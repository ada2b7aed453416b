import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { MatchFindingResult } from '@safegrid/contracts';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../../../../', import.meta.url));
const CLI = 'apps/server/src/enforcement/matcher/match-cli.ts';
const tsx = (args: string[]) => run('npx', ['tsx', CLI, ...args], { cwd: ROOT, timeout: 60_000 });

/** `npm run -s match -- --json "<finding>"`: the same answer as the API, as JSON on stdout. */
describe('match command line', () => {
  it('prints the ranked provisions as JSON', async () => {
    const { stdout } = await tsx(['--json', '--limit', '3', '员工宿舍与危险化学品仓库在同一栋楼内']);
    const result = JSON.parse(stdout) as MatchFindingResult;
    expect(result.provisions).toHaveLength(3);
    expect(result.provisions[0]!.ref).toBe('work-safety-law-2021:105:1:1');
  });

  it('refuses a missing finding and an unknown field with exit code 2', async () => {
    await expect(tsx(['--json'])).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('no finding'),
    });
    await expect(tsx(['--field', 'mining', '积尘'])).rejects.toMatchObject({ code: 2 });
  });
});
