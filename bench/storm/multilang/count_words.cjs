// The wordcount count bolt for Storm's official storm.js adapter, as examples/wordcount/count-bolt.ts: counts each
// word in a Map (fields grouping on "word" makes this task the only owner of its words), emits [word, count] anchored
// to the input; done() acks it (storm.js has only BasicBolt, which acks when done is called).
'use strict';
/* global require -- a CommonJS script, as Storm's storm.js adapter expects */
/* eslint-disable-next-line @typescript-eslint/no-require-imports */
const storm = require('./storm');

function CountBolt() {
  storm.BasicBolt.call(this);
  this.counts = new Map();
}
CountBolt.prototype = Object.create(storm.BasicBolt.prototype);
CountBolt.prototype.constructor = CountBolt;

CountBolt.prototype.process = function (tup, done) {
  const word = tup.values[0];
  const count = (this.counts.get(word) ?? 0) + 1;
  this.counts.set(word, count);
  this.emit({ tuple: [word, count], anchorTupleId: tup.id }, () => {});
  done();
};

new CountBolt().run();
