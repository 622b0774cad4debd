import { guardedLookup, isPublicAddress, refusedTarget, targetPolicy } from './webhook-targets';

const production = targetPolicy({ NODE_ENV: 'production' });
const development = targetPolicy({ NODE_ENV: 'development' });

describe('webhook targets', () => {
  it('allow http and private receivers outside production, and only public https ones in it, unless configured', () => {
    expect(development).toEqual({ httpAllowed: true, privateAllowed: true });
    expect(production).toEqual({ httpAllowed: false, privateAllowed: false });
    expect(targetPolicy({ NODE_ENV: 'production', WEBHOOK_PRIVATE_TARGETS: 'allow' }).privateAllowed).toBe(true);
    expect(targetPolicy({ NODE_ENV: 'development', WEBHOOK_PRIVATE_TARGETS: 'refuse' }).privateAllowed).toBe(false);
  });

  it.each([
    ['http://127.0.0.1:4000/in', development, null],
    ['https://hooks.example.org/newsroom', production, null],
    ['http://hooks.example.org/newsroom', production, 'must be an https URL'],
    ['ftp://hooks.example.org/', development, 'must be an http(s) URL'],
    ['https://127.0.0.1/in', production, 'must not be a loopback, private or link-local address'],
    ['https://10.1.2.3/in', production, 'must not be a loopback, private or link-local address'],
    ['https://169.254.169.254/latest/meta-data', production, 'must not be a loopback, private or link-local address'],
    ['https://[::1]/in', production, 'must not be a loopback, private or link-local address'],
    ['https://[::ffff:192.168.1.1]/in', production, 'must not be a loopback, private or link-local address'],
    ['https://localhost/in', production, 'must not be a loopback, private or link-local address'],
    ['https://user:pass@hooks.example.org/', production, 'must not carry a user name or password'],
    ['not a url', development, 'must be an absolute URL'],
  ])('%s', (url, policy, refusal) => {
    expect(refusedTarget(url, policy)).toBe(refusal);
  });

  it('tells public addresses from the others', () => {
    expect(['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'].map(isPublicAddress)).toEqual([true, true]);
    expect(['192.168.0.1', '172.16.5.4', '100.64.0.1', '0.0.0.0', 'fe80::1', 'fc00::1', 'nonsense'].map(isPublicAddress)).toEqual(
      Array(7).fill(false),
    );
  });

  it('refuses, at connection time, a name that resolves to a private address when those are not allowed', async () => {
    const look = (policy: ReturnType<typeof targetPolicy>) =>
      new Promise<{ error?: NodeJS.ErrnoException; address?: string }>((resolve) =>
        guardedLookup(policy)('localhost', { family: 4 }, (error, address) =>
          resolve({ error: error ?? undefined, address: typeof address === 'string' ? address : address[0]?.address }),
        ),
      );
    expect((await look(production)).error?.code).toBe('ENOTPUBLIC');
    expect((await look(development)).address).toBe('127.0.0.1');
  });
});
