# Conformance: a foreign multilang bolt on Storm's official storm.py adapter. Emits [word.upper(), code points];
# raises on "raise" (storm.py's BasicBolt then reports the traceback and fails the tuple).
import storm


class UpperBolt(storm.BasicBolt):
    def process(self, tup):
        word = tup.values[0]
        if word == 'raise':
            raise ValueError('python bolt refused "raise"')
        storm.emit([word.upper(), len(word)])


if __name__ == '__main__':
    UpperBolt().run()
