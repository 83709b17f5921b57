// The wordcount sentence spout for Storm's official storm.js adapter, behaving as examples/wordcount/sentence-spout.ts:
// emits [sentence] with the sentence number as message id, replays failed sentences before new ones, forgets acked
// ones. The corpus comes from the conf key "wordcount.corpus", the optional total from "wordcount.sentences";
// with n spout tasks, task k emits sentence numbers k, k + n, k + 2n, ...
'use strict';
/* global require -- a CommonJS script, as Storm's storm.js adapter expects */
/* eslint-disable-next-line @typescript-eslint/no-require-imports */
const storm = require('./storm');

function SentenceSpout() {
  storm.Spout.call(this);
  this.pending = new Map();
  this.replay = [];
}
SentenceSpout.prototype = Object.create(storm.Spout.prototype);
SentenceSpout.prototype.constructor = SentenceSpout;

SentenceSpout.prototype.initialize = function (conf, context, done) {
  this.corpus = conf['wordcount.corpus'];
  if (!Array.isArray(this.corpus) || this.corpus.length === 0)
    throw new Error('conf "wordcount.corpus" must be a non-empty list of sentences');
  const component = context.componentid;
  const tasks = Object.keys(context['task->component'])
    .filter((t) => context['task->component'][t] === component)
    .map(Number)
    .sort((a, b) => a - b);
  this.next = tasks.indexOf(context.taskid);
  this.step = Math.max(1, tasks.length);
  const limit = conf['wordcount.sentences'];
  this.limit = typeof limit === 'number' ? limit : Infinity;
  done();
};

// storm.js answers a request with "sync" only when its callback is called, so every handler must call done().
SentenceSpout.prototype.activate = function (done) {
  done();
};
SentenceSpout.prototype.deactivate = function (done) {
  done();
};

SentenceSpout.prototype.nextTuple = function (done) {
  if (this.replay.length > 0) {
    const msgId = this.replay.shift();
    if (this.pending.has(msgId)) this.emit({ tuple: [this.pending.get(msgId)], id: msgId }, () => {});
    return done();
  }
  if (this.next < this.limit) {
    const msgId = this.next;
    this.next += this.step;
    const sentence = this.corpus[msgId % this.corpus.length];
    this.pending.set(msgId, sentence);
    this.emit({ tuple: [sentence], id: msgId }, () => {});
  }
  done();
};

SentenceSpout.prototype.ack = function (id, done) {
  this.pending.delete(id);
  done();
};

SentenceSpout.prototype.fail = function (id, done) {
  if (this.pending.has(id)) this.replay.push(id);
  done();
};

new SentenceSpout().run();
