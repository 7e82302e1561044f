import { gatewayErrorFormatter } from '../gateway/format-error';

describe('the errors the gateway answers', () => {
  const fromSubgraph = {
    message: 'Internal server error',
    path: ['deals'],
    extensions: {
      code: 'INTERNAL_SERVER_ERROR',
      serviceName: 'partner',
      stacktrace: ['Error: boom', '    at DealRepository.find (/srv/subgraphs/partner/repositories/deals.ts:40:11)'],
      exception: { stacktrace: ['Error: boom'] },
      response: { url: 'http://partner.internal:4002/graphql', status: 500, body: 'boom' },
    },
  };

  it('in production, carries no stack trace, exception or raw subgraph answer, even when a subgraph passed them through', () => {
    expect(gatewayErrorFormatter('production')(fromSubgraph)).toEqual({
      message: 'Internal server error',
      path: ['deals'],
      extensions: { code: 'INTERNAL_SERVER_ERROR', serviceName: 'partner' },
    });
  });

  it('in production, says no more than "Internal server error" for an error nobody meant for a client', () => {
    const internal = { message: "Cannot read properties of undefined (reading 'fetch')", extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    expect(gatewayErrorFormatter('production')(internal)).toEqual({
      message: 'Internal server error',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(gatewayErrorFormatter('development')(internal)).toEqual(internal);
  });

  it('in development, keeps them for the developer', () => {
    expect(gatewayErrorFormatter('development')(fromSubgraph)).toEqual(fromSubgraph);
  });

  it.each(['production', 'development', 'test'] as const)('in %s, never suggests a name', (env) => {
    const format = gatewayErrorFormatter(env);
    const enumValue = {
      message:
        'Variable "$s" got invalid value "APPROVD" at "s[0]"; Value "APPROVD" does not exist in "DealStatus" enum. Did you mean the enum value "APPROVED"?',
      extensions: { code: 'BAD_USER_INPUT', stacktrace: ['GraphQLError: Variable "$s" … Did you mean the enum value "APPROVED"?'] },
    };
    expect(format(enumValue)).toEqual({
      message: 'Variable "$s" got invalid value "APPROVD" at "s[0]"; Value "APPROVD" does not exist in "DealStatus" enum.',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(format({ message: 'Unknown type "DealFiltr". Did you mean "DealFilter" or "PartnerFilter"?' }).message).toBe('Unknown type "DealFiltr".');
  });

  it('calls a persisted query whose hash does not match the text BAD_REQUEST', () => {
    expect(
      gatewayErrorFormatter('production')({ message: 'provided sha does not match query', extensions: { code: 'INTERNAL_SERVER_ERROR' } }).extensions,
    ).toEqual({ code: 'BAD_REQUEST' });
  });
});
