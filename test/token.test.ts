import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { decodeJwt } from 'jose';
import { BLUEPEAK } from '../tooling/demo/catalog';

const run = promisify(execFile);
const token = (...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'scripts/token.ts', ...args], { env: { ...process.env, NODE_ENV: 'development' } });

describe('npm run token', () => {
  it("signs the organization's ADMIN (user:<slug>) without --member", async () => {
    const { stdout, stderr } = await token('--org', 'bluepeak-it');
    expect(decodeJwt(stdout.trim())).toMatchObject({ sub: 'user:bluepeak-it', role: 'PARTNER', org: BLUEPEAK.id });
    expect(stderr).toBe('');
  });

  it('signs a demo member with --member', async () => {
    const { stdout, stderr } = await token('--org', 'bluepeak-it', '--member', 'user:sam@bluepeak-it');
    expect(decodeJwt(stdout.trim())).toMatchObject({ sub: 'user:sam@bluepeak-it', org: BLUEPEAK.id });
    expect(stderr).toBe('');
  });

  it('signs another subject too, with a note that the gateway decides from the directory', async () => {
    const { stdout, stderr } = await token('--org', 'bluepeak-it', '--member', 'user:newcomer@bluepeak-it');
    expect(decodeJwt(stdout.trim()).sub).toBe('user:newcomer@bluepeak-it');
    expect(stderr).toMatch(/not one of bluepeak-it's demo members .*user:sam@bluepeak-it.*admits the token only if it is an ACTIVE member/);
  });

  it('refuses an unknown organization', async () => {
    await expect(token('--org', 'nobody-inc')).rejects.toMatchObject({ stderr: expect.stringMatching(/Unknown organization "nobody-inc"/) });
  });
});
