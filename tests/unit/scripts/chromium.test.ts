import { describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, chromiumForTests } from '../../../scripts/lib/chromium.mjs';

describe('the Chromium the tests drive', () => {
  it('takes CHROMIUM_PATH first, with the SwiftShader flags', () => {
    const c = chromiumForTests({ CHROMIUM_PATH: process.execPath });
    expect(c).toMatchObject({ executablePath: process.execPath, source: 'CHROMIUM_PATH', env: undefined });
    expect(c.args).toEqual(expect.arrayContaining(['--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--no-sandbox']));
    expect(c.args).toEqual([...CHROMIUM_ARGS]);
  });

  it('refuses a CHROMIUM_PATH that does not exist, naming it', () => {
    expect(() => chromiumForTests({ CHROMIUM_PATH: '/nonexistent/chrome' })).toThrow('/nonexistent/chrome');
  });
});
