# The wordcount count bolt for Storm's official storm.py adapter, as examples/wordcount/count-bolt.ts: counts each word
# in a dict (fields grouping on "word" makes this task the only owner of its words), emits [word, count] anchored to
# the input, then acks it.
import storm


class CountBolt(storm.Bolt):
    def initialize(self, conf, context):
        self.counts = {}

    def process(self, tup):
        word = tup.values[0]
        count = self.counts.get(word, 0) + 1
        self.counts[word] = count
        storm.emit([word, count], anchors=[tup])
        storm.ack(tup)


if __name__ == '__main__':
    CountBolt().run()
