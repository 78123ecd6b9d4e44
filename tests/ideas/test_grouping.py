"""Suggest groups: ideas in Danish, Swedish and English grouped by the words they share."""

from ideas.grouping import IdeaText, normalise, suggest_groups, tokens

DANISH = [
    "Besøgsvenner til ensomme ældre i eget hjem",
    "Fællesspisning for ensomme ældre i medborgerhuset",
    "Flere cykelstier og cykler til skolebørn",
    "Delebiler og cykler i landsbyerne",
    "Trivsel for unge: et værested efter skole",
    "Unge mentorer hjælper andre unge med trivsel",
]
SWEDISH = [
    "Fler cykelbanor och cyklar för pendlare",
    "Laddstationer för elbilar och cyklar vid stationen",
    "Ensamma äldre får besök av volontärer",
    "Träffpunkt för ensamma äldre med fika",
    "Ungdomar ordnar läxhjälp för ungdomar",
    "Fritidsgård där ungdomar kan träffas på kvällen",
]
ENGLISH = [
    "Befriending visits for lonely elderly neighbours",
    "Weekly lunch club where lonely elderly residents meet",
    "Repair café to cut waste and save energy",
    "Solar panels on school roofs to save energy",
    "Youth mentors supporting young people's wellbeing",
    "A youth club open late for young people",
]


def grouped(texts):
    groups = suggest_groups(IdeaText(number, text) for number, text in enumerate(texts))
    return {group.name: sorted(group.idea_ids) for group in groups}


def test_danish_ideas_group_by_elderly_bikes_and_youth():
    assert grouped(DANISH) == {
        "Ensomme · ældre": [0, 1],
        "Cykler": [2, 3],
        "Trivsel · unge": [4, 5],
    }


def test_swedish_ideas_group_by_elderly_bikes_and_youth():
    assert grouped(SWEDISH) == {
        "Ensamma · äldre": [2, 3],
        "Cyklar": [0, 1],
        "Ungdomar": [4, 5],
    }


def test_english_ideas_group_by_elderly_energy_and_youth():
    assert grouped(ENGLISH) == {
        "Elderly · lonely": [0, 1],
        "Energy · save": [2, 3],
        "Young · youth": [4, 5],
    }


def test_stop_words_never_make_a_group():
    texts = [
        "Vi vil gerne have det",
        "Det vil vi også gerne",
        "We would like that",
        "That we would",
    ]
    assert grouped(texts) == {}


def test_light_normalisation_joins_plural_and_definite_forms():
    assert normalise("Husene") == normalise("huset") == normalise("huse") == "hus"
    assert normalise("bilerna") == normalise("bilar") == "bil"
    assert normalise("neighbours") == "neighbour"
    assert normalise("libraries") == "library"
    assert [stem for stem, _ in tokens("Og de ældres haver")] == ["ældr", "hav"]


def test_a_word_in_almost_every_idea_does_not_swallow_the_rest():
    texts = [
        f"Ældre {topic}" for topic in ("spiser sammen", "spiser ude", "går tur", "går i skoven")
    ]
    assert grouped(texts) == {"Spiser": [0, 1], "Går": [2, 3]}


def test_nothing_shared_means_no_groups_and_empty_input_is_fine():
    assert grouped(["Musik", "Fodbold", "Strikning"]) == {}
    assert grouped([]) == {}
