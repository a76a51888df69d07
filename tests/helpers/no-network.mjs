// Preloaded into a child process (NODE_OPTIONS=--import) to prove it makes no network request:
// any socket connection to a non-loopback address, and any DNS lookup, throws and is recorded on stderr.
import dns from 'node:dns';
import net from 'node:net';

const LOOPBACK = /^(127\.|::1$|localhost$)/;
const refuse = (what) => {
  process.stderr.write(`NETWORK-ATTEMPT ${what}\n`);
  throw new Error(`network access attempted: ${what}`);
};
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const options =
    typeof args[0] === 'object' && args[0] !== null ? args[0] : { port: args[0], host: args[1] };
  if (!options.path && !LOOPBACK.test(String(options.host ?? 'localhost')))
    refuse(`connect ${options.host}:${options.port}`);
  return connect.apply(this, args);
};
for (const name of ['lookup', 'resolve', 'resolve4', 'resolve6']) {
  const original = dns[name];
  dns[name] = (host, ...rest) =>
    LOOPBACK.test(String(host)) ? original(host, ...rest) : refuse(`dns ${host}`);
}
const fetch = globalThis.fetch;
globalThis.fetch = (input, init) => {
  const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
  if (!LOOPBACK.test(url.hostname)) refuse(`fetch ${url.href}`);
  return fetch(input, init);
};
