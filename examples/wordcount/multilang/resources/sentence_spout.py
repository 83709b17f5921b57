# The wordcount sentence spout for Storm's official storm.py adapter, behaving as examples/wordcount/sentence-spout.ts:
# emits [sentence] with the sentence number as message id, replays failed sentences before new ones, forgets acked
# ones. The corpus comes from the conf key "wordcount.corpus" (a list of sentences), the optional total from
# "wordcount.sentences"; with n spout tasks, task k emits sentence numbers k, k + n, k + 2n, ...
from collections import deque

import storm


class SentenceSpout(storm.Spout):
    def initialize(self, conf, context):
        self.corpus = conf.get('wordcount.corpus') or []
        if not self.corpus:
            raise ValueError('conf "wordcount.corpus" must be a non-empty list of sentences')
        component = context['componentid']
        tasks = sorted(int(t) for t, c in context['task->component'].items() if c == component)
        self.next = tasks.index(context['taskid'])
        self.step = max(1, len(tasks))
        limit = conf.get('wordcount.sentences')
        self.limit = limit if isinstance(limit, (int, float)) and not isinstance(limit, bool) else None
        self.pending = {}
        self.replay = deque()

    def nextTuple(self):
        if self.replay:
            msg_id = self.replay.popleft()
            sentence = self.pending.get(msg_id)
            if sentence is not None:
                storm.emit([sentence], id=msg_id)
            return
        if self.limit is not None and self.next >= self.limit:
            return
        msg_id = self.next
        self.next += self.step
        sentence = self.corpus[msg_id % len(self.corpus)]
        self.pending[msg_id] = sentence
        storm.emit([sentence], id=msg_id)

    def ack(self, id):
        self.pending.pop(id, None)

    def fail(self, id):
        if id in self.pending:
            self.replay.append(id)


if __name__ == '__main__':
    SentenceSpout().run()
