"""The words of an idea that can say what it is about: markup, links and addresses removed,
and the words that never carry a topic (stop words and filler) known per language.
Written for this module: short and common words, and the filler people type on a phone."""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOP_WORDS = {
    "da": _words("""
ad af al alene alle alt altid anden andet andre at bag bare begge bedre bedst blev blive
bliver bl da de dem den denne dens der deres det dette dig din dine disse dit du efter eller
ellers en end endnu er et for foran fordi fra før få får gang gerne giv give giver gjort god
godt gør gøre gøres han hans har have havde hele hellere hen hende her hos hun hvad hvem
hver hvert hvilke hvilken hvis hvor hvordan hvorfor hvornår i igen ikke ind indtil ingen
intet jeg jer jo kan kommer kom komme kunne kunde lad lave laver lidt lige ligesom man mange
med meget mellem men mere mest mig min mine mit mod må måske ned nej nemmere noget nogen
nogle nok nu ny nye nyt når og også om op os over på rigtig samme se ser sig sin sine sit
skal skulle slet som store stor så sådan tage tager til tit ud under var ved vi vil ville
vores være været år året årene hver hvert sammen folk kommune kommunen kommunens borger
borgere borgerne ting tingene tid mennesker personer
"""),
    "sv": _words("""
all alla allt alltid andra annan annat att av bara bli blir blev borde bra bättre både de
dem den denna deras dess det detta dig din dina ditt du där efter eftersom eller en enklare
ett fast fler flera finns fort från få får för gärna göra gör ha har hade hela hon hur här i
ibland icke igen ingen inget inom inte ja jag ju kan kanske kommer komma kunde kunna lite
man mellan men mer mest mig min mina mitt mot mycket måste ner nej ni nog ny nya nytt någon
något några när nu och också om oss på samma se ser sig sin sina sitt ska skulle som så
sådan ta tar till tills under upp ut utan vad var vara varför varje vem vi vid vill våra vår
väldigt är åt över år året åren tillsammans folk kommun kommunen kommunens invånare
saker sakerna tid människor personer
"""),
    "en": _words("""
a about after again all also always am an and another any are as at be because been before
being both but by can cant could did do does doing dont each even every far for from get
gets give go going got had has have havent having he her here hers him his how i if in into
is isnt it its just let lets like lot lots make makes many may me might more most much must
my need needs new no not now of off on one only or other our out over own per put really
should so some such take takes than that the their them then there these they thing things
this those through to too up us use very want was way we well were what when where which
who why will with won wont would you your year years each every together anyone everyone
council borough residents time people person persons
"""),
}

# What people type around an idea rather than in it; never a group's name, in any language.
FILLER_WORDS = _words("""
idé ide ideen ideer idéer idéen forslag forslaget forslagene tænker synes mener ønsker fx
feks osv mm evt bla altså ligesom virkelig helt klart tak hej okay ok haha hehe lol
förslag förslaget tycker tänker tex typ liksom asså alltså osv verkligen tack hej mvh
idea ideas suggestion suggestions suggest think thinks maybe perhaps eg ie etc basically
actually literally stuff please thanks thank kind sort yes yeah
""")

# Common first names in Denmark, Sweden and Britain, for the names of people who are not
# registered participants (an anonymous participant signing an idea, a neighbour mentioned):
# written with a capital, they are never a word of an idea; neither is the capitalised word
# after one (a surname). Names that are also common words ("Mark", "Rose", "Bo") are left out.
FIRST_NAMES = _words("""
anne kirsten mette hanne anna helle susanne lene maria marianne inge karen lone bente
camilla pia louise charlotte jette tina gitte birgit birthe ida emma sofie freja clara laura
mathilde peter jens michael lars henrik thomas søren niels christian martin jørgen anders
rasmus morten jesper mads ole kim erik poul steen torben frederik mikkel jonas oliver lucas
william noah emil magnus karin eva kristina lena sara ingrid elisabeth birgitta marie annika
malin elin linnea johanna sofia ebba maja elsa astrid alice karl johan mikael nils björn olof
gustav oskar axel elias hugo liam fatima ahmed mohammed mohamed ali omar yusuf aisha david
dave john paul james robert richard stephen andrew tom chris daniel sarah margaret mary
susan helen linda elizabeth emily jessica priya kwame olivia amelia sophie jane julie claire
rachel lucy kate
""")

# Markup, links and addresses: never words of the idea. Tags, entities and Markdown-style
# emphasis come from pasted text; links and e-mail addresses would otherwise name a group
# "Https" or "Www".
MARKUP = re.compile(
    r"<(script|style)\b.*?</\1\s*>|<[^>]{0,200}>|&(?:#\d+|#x[0-9a-f]+|[a-z]+);|https?://\S*|www\.\S*|\S+@\S+\.\S+",
    re.IGNORECASE | re.DOTALL,
)
WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
# A letter that begins a sentence (or the text): a capital there says nothing about a name.
SENTENCE_START = re.compile(r"(?:^|[.!?:;(\"“”«»*]|\s[-–—])\s*$")


def plain_text(text: str) -> str:
    return MARKUP.sub(" ", text)


def detect_language(words: list[str], hint: str | None = None, weight: float = 0.5) -> str:
    """The language whose stop words `words` use most; `hint` counts `weight` words more."""
    best, best_hits = hint if hint in STOP_WORDS else "da", -1.0
    for language, stop_words in STOP_WORDS.items():
        hits = sum(word in stop_words for word in words) + (weight if language == hint else 0)
        if hits > best_hits:
            best, best_hits = language, hits
    return best
