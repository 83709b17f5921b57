// The wordcount split bolt for Storm's official storm.js adapter: the same words as examples/wordcount/words.ts
// (lowercase, split on runs of anything that is not a Unicode letter, mark or number, drop empty pieces).
'use strict';
/* global require -- a CommonJS script, as Storm's storm.js adapter expects */
/* eslint-disable-next-line @typescript-eslint/no-require-imports */
const storm = require('./storm');

const SEPARATORS = /[^\p{L}\p{M}\p{N}]+/u;

function splitWords(sentence) {
  return sentence
    .toLowerCase()
    .split(SEPARATORS)
    .filter((piece) => piece.length > 0);
}

function SplitSentenceBolt() {
  storm.BasicBolt.call(this);
}
SplitSentenceBolt.prototype = Object.create(storm.BasicBolt.prototype);
SplitSentenceBolt.prototype.constructor = SplitSentenceBolt;

// storm.js's BasicBolt does not anchor by itself: every emit names the input; done() acks it.
SplitSentenceBolt.prototype.process = function (tup, done) {
  for (const word of splitWords(tup.values[0])) this.emit({ tuple: [word], anchorTupleId: tup.id }, () => {});
  done();
};

new SplitSentenceBolt().run();
