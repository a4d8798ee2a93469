"""How many: the killed and the injured a sentence counts ("killing three civilians", "at least
nine dead and 20 wounded")."""
from __future__ import annotations

from wartrace.analysis.events.lexicon import lexicon
from wartrace.analysis.events.syntax import word_forms


def _number(tokens, i: int) -> int | None:
    """The number the tokens at i express: digits, number words, or ACLED's vague words."""
    lex = lexicon()
    for words, value in sorted(lex.vague.items(), key=lambda kv: -len(kv[0])):
        n = len(words)
        if i + n <= len(tokens) and tuple(t.lower_ for t in tokens[i:i + n]) == words:
            return value
    t = tokens[i]
    text = t.text.replace(",", "")
    if text.isdigit():
        return int(text)
    return lex.numbers.get(t.lower_)


def counts(sent) -> tuple[int | None, int | None]:
    """(fatalities, injuries) reported in a sentence, ACLED's conventions for vague numbers."""
    lex = lexicon()
    toks = list(sent)
    out: dict[str, int] = {}
    for k, tok in enumerate(toks):
        f = word_forms(tok)
        kind = "death" if f & lex.death else "injury" if f & lex.injury else None
        if kind is None or (tok.lemma_.lower() == "life" and not any(w.lemma_ == "lose" for w in tok.sent)):
            continue
        # the count sits on the noun the word is about ("killing 6 civilians", "20 people were killed",
        # "left seven people dead", "two killed and nine wounded") or right before the word
        nouns = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass", "nsubj", "pobj")]
        if tok.dep_ in ("amod", "acomp", "oprd", "acl", "relcl") or tok.pos_ == "ADJ":
            nouns.append(tok.head)
            nouns += [c for c in tok.head.children if c.dep_ in ("dobj", "nsubj", "nsubjpass")]
        if tok.dep_ == "conj":
            nouns += [c for c in tok.children if c.dep_ == "nummod"]
        value = None
        for n in [tok, *nouns]:
            for c in n.children if n is not tok else [c for c in tok.children if c.dep_ in ("nummod", "quantmod")]:
                if c.dep_ in ("nummod", "quantmod", "amod", "det", "nsubj", "nsubjpass") or c.like_num:
                    j = c.i - sent.start
                    # "dozens of people": the vague word heads "of"; walk back to its first word
                    v = _number(toks, j) or (_number(toks, j - 1) if j >= 1 else None)
                    if v is not None:
                        value = v
                        break
            if value is None and n is not tok:
                v = _number(toks, n.i - sent.start)
                if v is not None:
                    value = v
                elif (n.tag_ == "NN" and n.dep_ in ("nsubjpass", "dobj", "nsubj") and n.head.i == tok.i
                      and lex.heads.get((n.lemma_.lower(),)) and any(c.lower_ in ("a", "an", "one") for c in n.children)):
                    value = 1  # "a man was killed"
            if value is None and n is not tok and n.dep_ == "pobj" and n.head.lower_ == "of":
                v = _number(toks, n.head.head.i - sent.start)  # "dozens of civilians": the number heads "of"
                if v is not None:
                    value = v
            if value is not None:
                break
        if value is None:
            for j in range(max(0, k - 3), k):
                v = _number(toks, j)
                if v is not None:
                    value = v
        if value is not None:
            out[kind] = max(out.get(kind, 0), value)
    return out.get("death"), out.get("injury")

