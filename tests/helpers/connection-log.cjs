// Preloaded into a child process (`--require`, next to no-network.cjs) to list every socket connection
// it opens, loopback included, as `CONNECTION <host>:<port>` on stderr: a test then checks that the only
// server reached is the one it configured.
const net = require('node:net');

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  // `net.connect()` (what fetch uses) passes its normalised arguments as one array.
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const options = typeof first === 'object' && first !== null ? first : { port: first, host: args[1] };
  if (!options.path) process.stderr.write(`CONNECTION ${options.host ?? 'localhost'}:${options.port}\n`);
  return connect.apply(this, args);
};
