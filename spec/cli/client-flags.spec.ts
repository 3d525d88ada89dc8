import { describe, expect, it } from 'vitest';
import { CLIENT_FLAGS, describeClientOptions, readClientOptions } from '../../src/cli/client-flags.js';
import { UsageError } from '../../src/cli/exit-codes.js';
import { parseArgs } from '../../src/cli/parse-args.js';

const read = (...argv: string[]) => readClientOptions(parseArgs(argv, CLIENT_FLAGS).flags);

describe('readClientOptions', () => {
  it("has grpc_health_probe's defaults", () => {
    expect(read('-addr', 'h:1')).toEqual({
      addr: 'h:1',
      target: 'h:1',
      connectTimeoutMs: 1000,
      rpcTimeoutMs: 1000,
      userAgent: 'grpc_health_probe',
      rpcHeaders: [],
      verbose: false,
    });
  });

  it('dials localhost for ":port", as Go does, and leaves other targets alone', () => {
    expect(read('-addr', ':50051').target).toBe('localhost:50051');
    expect(read('-addr', 'unix:///tmp/health.sock').target).toBe('unix:///tmp/health.sock');
    expect(read('-addr', '[::1]:50051').target).toBe('[::1]:50051');
  });

  it('reads TLS settings and headers', () => {
    const options = read(
      '-addr', 'h:1', '-tls', '-tls-ca-cert', 'ca.pem', '-tls-server-name', 'health.test',
      '-tls-client-cert', 'c.pem', '-tls-client-key', 'c.key', '-rpc-header', 'X-A:  b: c', '-user-agent', 'me',
    );
    expect(options.tls).toEqual({ noVerify: false, caCert: 'ca.pem', clientCert: 'c.pem', clientKey: 'c.key', serverName: 'health.test' });
    expect(options.rpcHeaders).toEqual([{ key: 'x-a', value: 'b: c' }]);
    expect(options.userAgent).toBe('me');
  });

  it.each([
    [['-addr', 'h:1', '-tls-ca-cert', 'ca.pem'], 'specified -tls-ca-cert without specifying -tls'],
    [['-addr', 'h:1', '-tls-server-name', 'x'], 'specified -tls-server-name without specifying -tls'],
    [['-addr', 'h:1', '-tls', '-tls-client-key', 'k'], 'specified -tls-client-key without specifying -tls-client-cert'],
    [['-addr', 'h:1', '-tls', '-tls-no-verify', '-tls-ca-cert', 'ca.pem'], 'cannot specify -tls-ca-cert with -tls-no-verify (CA cert would not be used)'],
    [['-addr', 'h:1', '-tls', '-tls-no-verify', '-tls-server-name', 'x'], 'cannot specify -tls-server-name with -tls-no-verify (server name would not be used)'],
    [['-addr', 'h:1', '-connect-timeout', '-1s'], '-connect-timeout must be greater than zero (specified: -1s)'],
    [['-addr', 'h:1', '-rpc-header', 'bad key: x'], /^invalid value "bad key: x" for flag -rpc-header: /],
  ])('rejects %j', (argv, message) => {
    expect(() => read(...argv)).toThrow(UsageError);
    expect(() => read(...argv)).toThrow(message);
  });
});

describe('describeClientOptions', () => {
  it("prints grpc_health_probe's -v summary", () => {
    const options = read('-addr', 'h:1', '-rpc-timeout', '250ms', '-tls', '-tls-no-verify', '-rpc-header', 'b: 2', '-rpc-header', 'a: 1', '-rpc-header', 'b: 3');
    expect(describeClientOptions(options)).toEqual([
      'parsed options:',
      '> addr=h:1 conn_timeout=1s rpc_timeout=250ms',
      '> headers: map[a:[1] b:[2 3]]',
      '> tls=true',
      '  > no-verify=true ',
      '  > ca-cert=',
      '  > client-cert=',
      '  > client-key=',
      '  > server-name=',
    ]);
  });
});
