import net from 'node:net';

/**
 * Preloaded into the chaos script's children (node --import): the services' entry points listen on
 * 0.0.0.0 and take no host setting, so a wildcard bind is narrowed to 127.0.0.1 here.
 */
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (this: net.Server, ...args: unknown[]) {
  if (args[1] === '0.0.0.0' || args[1] === '::') args[1] = '127.0.0.1';
  else if (typeof args[0] === 'number' && (args.length === 1 || typeof args[1] === 'function')) args.splice(1, 0, '127.0.0.1');
  else if (args[0] && typeof args[0] === 'object' && !('fd' in args[0]) && !('path' in args[0])) {
    const options = args[0] as net.ListenOptions;
    if (!options.host || options.host === '0.0.0.0' || options.host === '::') args[0] = { ...options, host: '127.0.0.1' };
  }
  return (listen as (...a: unknown[]) => net.Server).apply(this, args);
} as typeof net.Server.prototype.listen;
