# The wordcount split bolt for Storm's official storm.py adapter: the same words as examples/wordcount/words.ts.
#
# words.ts lowercases the sentence (String.prototype.toLowerCase) and splits it on runs of characters that are not
# Unicode letters (L*), marks (M*) or numbers (N*). Python's str.lower() applies the same full Unicode case mapping
# (including 'İ' -> 'i̇' and the final-sigma rule) and unicodedata gives the same general categories, so the
# two agree wherever Python's Unicode database and Node's ICU know a character alike (both know every character of
# examples/wordcount/corpus.ts; a character newer than Python's Unicode version could differ).
import unicodedata

import storm


def split_words(sentence):
    words = []
    current = []
    for ch in sentence.lower():
        if unicodedata.category(ch)[0] in ('L', 'M', 'N'):
            current.append(ch)
        elif current:
            words.append(''.join(current))
            current = []
    if current:
        words.append(''.join(current))
    return words


class SplitSentenceBolt(storm.BasicBolt):
    def process(self, tup):
        for word in split_words(tup.values[0]):
            storm.emit([word])


if __name__ == '__main__':
    SplitSentenceBolt().run()
