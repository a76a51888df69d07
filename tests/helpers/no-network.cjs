// Preloaded into a child process (`--require`, so that it also runs in every worker thread: parse
// workers, Tesseract workers) to prove it makes no network request: any socket connection to a
// non-loopback address, any DNS lookup and any fetch of another host throws and is recorded on stderr
// as `NETWORK-ATTEMPT <main|worker> <what>`.
const dns = require('node:dns');
const net = require('node:net');
const { isMainThread } = require('node:worker_threads');

const LOOPBACK = /^(127\.|::1$|localhost$)/;
const refuse = (what) => {
  process.stderr.write(`NETWORK-ATTEMPT ${isMainThread ? 'main' : 'worker'} ${what}\n`);
  throw new Error(`network access attempted: ${what}`);
};
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  // Node's own callers (http, fetch's undici) pass the normalised arguments as one array: [options, cb].
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const options = typeof first === 'object' && first !== null ? first : { port: args[0], host: args[1] };
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
