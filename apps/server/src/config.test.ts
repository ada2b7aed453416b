import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('configuration', () => {
  it('defaults to the embedded database and broker, never on port 1883', () => {
    const config = loadConfig({}, '/srv/safegrid');
    expect(config.databaseUrl).toBeUndefined();
    expect(config.mqttUrl).toBeUndefined();
    expect(config.mqttPort).not.toBe(1883);
    expect(config.dataDir).toBe('/srv/safegrid/var');
    expect([...config.roles].sort()).toEqual(['ingest', 'web', 'worker']);
  });

  it('lists every problem at once', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        MQTT_PORT: '70000',
        DATABASE_URL: 'mysql://x',
        LOG_LEVEL: 'loud',
        SAFEGRID_ROLES: 'web,cook',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(5);
    for (const name of [/^PORT="eighty"/, /^MQTT_PORT/, /^LOG_LEVEL/, /^DATABASE_URL/, /"cook"/]) {
      expect(problems.some((p) => name.test(p))).toBe(true);
    }
  });

  it('rejects a schema name that is not a plain identifier', () => {
    expect(() => loadConfig({ DATABASE_SCHEMA: 'x"; drop' })).toThrow(/DATABASE_SCHEMA/);
  });

  it('takes the public base URL without a trailing slash and refuses one with a query', () => {
    expect(loadConfig({}).publicBaseUrl).toBeUndefined();
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://safegrid.example.gov.cn/' }).publicBaseUrl).toBe(
      'https://safegrid.example.gov.cn',
    );
    expect(() => loadConfig({ PUBLIC_BASE_URL: 'ftp://safegrid.example.gov.cn' })).toThrow(/PUBLIC_BASE_URL/);
    expect(() => loadConfig({ PUBLIC_BASE_URL: 'https://x.example/?a=1' })).toThrow(/query or fragment/);
    expect(loadConfig({ PUBLIC_BASE_URL: 'http://10.0.0.5:8080/safegrid' }).publicBaseUrl).toBe(
      'http://10.0.0.5:8080/safegrid',
    );
  });

  it('reports a bad public base URL among the other problems, by name', () => {
    for (const [value, problem] of [
      ['safegrid.example.gov.cn', 'PUBLIC_BASE_URL is not a valid URL'],
      ['/documents', 'PUBLIC_BASE_URL is not a valid URL'],
      ['javascript:alert(1)', 'PUBLIC_BASE_URL must use http: or https: (got javascript:)'],
      ['https://x.example/#top', 'PUBLIC_BASE_URL must not contain a query or fragment'],
    ]) {
      let error: unknown;
      try {
        loadConfig({ PUBLIC_BASE_URL: value, PORT: 'eighty' });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toEqual([expect.stringMatching(/^PORT=/), problem]);
      expect((error as ConfigError).message).toContain(`  - ${problem}`);
    }
  });
});
