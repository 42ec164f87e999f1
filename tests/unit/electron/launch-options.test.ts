import { describe, expect, it } from 'vitest';
import { dataDirFromArgv, needsSoftwareGl, SOFTWARE_GL_SWITCHES } from '../../../src-main/electron/launch-options';

describe('dataDirFromArgv', () => {
  it('reads --data-dir DIR and --data-dir=DIR', () => {
    expect(dataDirFromArgv(['electron', '.', '--data-dir', '/tmp/cc'])).toBe('/tmp/cc');
    expect(dataDirFromArgv(['electron', '.', '--data-dir=/tmp/cc'])).toBe('/tmp/cc');
  });

  it('ignores a missing value', () => {
    expect(dataDirFromArgv(['electron', '.'])).toBeUndefined();
    expect(dataDirFromArgv(['electron', '.', '--data-dir'])).toBeUndefined();
    expect(dataDirFromArgv(['electron', '.', '--data-dir', '--other'])).toBeUndefined();
    expect(dataDirFromArgv(['electron', '.', '--data-dir='])).toBeUndefined();
  });
});

describe('needsSoftwareGl', () => {
  it('uses SwiftShader on Linux without a GPU device', () => {
    expect(needsSoftwareGl({ env: {}, platform: 'linux', hasGpuDevice: false })).toBe(true);
    expect(needsSoftwareGl({ env: {}, platform: 'linux', hasGpuDevice: true })).toBe(false);
    expect(needsSoftwareGl({ env: {}, platform: 'win32', hasGpuDevice: true })).toBe(false);
  });

  it('follows CC_SOFTWARE_GL when set', () => {
    expect(needsSoftwareGl({ env: { CC_SOFTWARE_GL: '1' }, platform: 'win32', hasGpuDevice: true })).toBe(true);
    expect(needsSoftwareGl({ env: { CC_SOFTWARE_GL: '0' }, platform: 'linux', hasGpuDevice: false })).toBe(false);
  });

  it('appends both switches WebGL needs without a GPU', () => {
    expect(SOFTWARE_GL_SWITCHES.map(([name, value]) => (value ? `${name}=${value}` : name))).toEqual([
      'use-angle=swiftshader',
      'enable-unsafe-swiftshader',
    ]);
  });
});
