"""The large sample workshop (``atelier demo --size large``): 40 people,
120 client ideas and 90 colleague ideas of up to 280 characters.

The room a projector must still serve: long, real sentences (what people
type when they have time to explain), built from the 12-person sample's
ideas and what colleagues add to them, in French and English.
"""

from ..domain.texts import MAX_TEXT

PEOPLE = {
    "fr": [
        "Zoé", "Jean-François", "Amina", "Lucas", "Maëlle", "Karim", "Sophie", "Théo", "Inès",
        "Grégoire", "Fatou", "N'Golo", "Marie-Christine", "Yanis", "Camille", "Hugo", "Léa",
        "Mohamed", "Clémence", "Baptiste", "Aïcha", "Pierre-Louis", "Manon", "Rémi", "Chloé",
        "Nicolas", "Sarah", "Antoine", "Élodie", "Mathis", "Nadia", "Guillaume", "Océane",
        "Bertrand", "Lina", "Sébastien", "Anne-Sophie", "Julien", "Émilie", "Kévin",
    ],
    "en": [
        "Zoe", "Jean-François", "Amina", "Lucas", "Maelle", "Karim", "Sophie", "Theo", "Ines",
        "Gregory", "Fatou", "N'Golo", "Mary-Catherine", "Yanis", "Camille", "Hugh", "Leah",
        "Mohamed", "Clemence", "Oliver", "Aisha", "Peter-Louis", "Megan", "Rémi", "Chloe",
        "Nicholas", "Sarah", "Anthony", "Eleanor", "Matthew", "Nadia", "William", "Olivia",
        "Bertrand", "Lina", "Sebastian", "Anne-Sophie", "Julian", "Emily", "Kevin",
    ],
}  # fmt: skip

TITLE = {
    "fr": "Prendre soin des collègues comme des clients — rentrée des agences de l'Ouest",
    "en": "Caring for colleagues as we care for customers — the western branches' kick-off",
}
TEAM = {
    "fr": "Direction régionale Ouest — accueil, conseil et back-office",
    "en": "Western region — front desk, advice and back office",
}

# Why the room wrote it: a sentence after the idea, then sometimes a second.
CLIENT_WHY = {
    "fr": [
        "À l'agence de la rue de Paris, ils le font à chaque fois et les gens le remarquent.",
        "Une cliente nous a dit le mois dernier que c'est pour ça qu'elle est "
        "revenue après son déménagement.",
        "Ça ne coûte rien, ça prend dix secondes, et les habitués en parlent dans chaque enquête.",
        "Quand on l'oublie les samedis chargés, les réclamations ne portent "
        "jamais sur le produit lui-même.",
        "Le meilleur commerce que je connaisse le fait sans y penser : "
        "personne n'a écrit de procédure.",
        "Ma grand-mère parle encore du pharmacien qui faisait ça depuis trente "
        "ans dans son quartier.",
        "Les avis en ligne sur l'agence en parlent plus souvent que de nos "
        "tarifs ou de nos horaires.",
    ],
    "en": [
        "At the branch on Station Road they do it every time, and people notice it straight away.",
        "A customer told us last month that this is why she came back after moving across town.",
        "It costs nothing, takes ten seconds, and our regulars mention it in "
        "every satisfaction survey.",
        "When we forget it on busy Saturdays, the complaints are never about the product itself.",
        "The best shop I know does this without thinking: nobody ever wrote a procedure for it.",
        "My grandmother still talks about the chemist who did this for thirty years in her street.",
        "Online reviews of our branch mention it more often than our prices or our opening hours.",
    ],
}
CLIENT_MORE = {
    "fr": [
        "On pourrait commencer par ceux qui viennent le plus souvent et voir ce que ça change.",
        "Le plus dur, c'est de tenir pendant le rush de fin de mois, quand la file s'allonge.",
        "On l'a essayé deux semaines en 2019, puis on a arrêté sans vraiment le décider.",
        "Ça marche quand tout le monde le fait, pas seulement les conseillers les plus anciens.",
        "Même une petite version changerait déjà la première minute de la visite.",
    ],
    "en": [
        "We could start with the people who come in most often and see what it changes.",
        "The hard part is keeping it up in the end-of-month rush, when the queue gets long.",
        "We tried it for two weeks in 2019, then dropped it without really deciding to.",
        "It works when everyone does it, not only the most experienced advisers.",
        "Even a small version of it would already change the first minute of the visit.",
    ],
}
COLLEAGUE_WHY = {
    "fr": [
        "Ce serait surtout important pour l'équipe du soir, qu'on ne croise presque jamais.",
        "Les nouveaux nous ont dit que c'est ce qui leur a le plus manqué le premier mois.",
        "Cinq minutes par semaine, et personne n'a besoin de l'accord d'un manager pour commencer.",
        "L'hiver dernier, quand on était en sous-effectif, c'est exactement ce qui nous a tenus.",
        "L'équipe de l'entrepôt le fait déjà, et c'est elle qui se plaint le moins.",
        "Essayons quinze jours, puis décidons ensemble si ça vaut la peine de continuer.",
    ],
    "en": [
        "It would matter most for the evening team, whom the rest of us hardly ever see.",
        "Newcomers told us this is what they missed most during their first month here.",
        "Five minutes a week, and nobody needs a manager's approval to get started.",
        "Last winter, when we were short-staffed, this is exactly what kept us going.",
        "The warehouse team already does it, and they are the ones who complain the least.",
        "Let's try it for fifteen days, then decide together whether it is worth keeping.",
    ],
}
COLLEAGUE_MORE = {
    "fr": [
        "Il faudrait juste qu'une personne par site s'en souvienne les premières semaines.",
        "Pas besoin de budget : il suffit de le mettre dans l'ordre du jour du lundi.",
        "Et si ça ne prend pas, on aura au moins appris pourquoi, ce qui compte aussi.",
    ],
    "en": [
        "We would just need one person per site to remember it for the first few weeks.",
        "No budget needed: it only has to be on Monday's agenda.",
        "And if it does not catch on, we will at least have learned why, which counts too.",
    ],
}
TAILS = {
    "fr": ["Je peux en parler à la pause si ça intéresse quelqu'un.", "Qui est partant ?"],
    "en": ["I can tell you more about it at the break if anyone is interested.", "Who's in?"],
}
# Day 15, in the words of people who had time to write.
LONG_COMMENTS = {
    "fr": [
        "Pas trouvé le bon moment : les deux premières semaines ont été avalées par l'inventaire, "
        "mais je m'y remets dès lundi avec l'équipe du matin.",
        "Essayé deux fois. La première a surpris tout le monde, la deuxième a mieux marché ; "
        "il faudrait le faire ensemble plutôt que chacun dans son coin.",
        "Ça a pris tout de suite : trois collègues d'un autre service m'ont demandé comment on "
        "s'était organisés, et l'équipe en redemande.",
        "Plus simple que prévu : il suffisait de commencer. Le plus dur a été de ne pas en faire "
        "une procédure de plus.",
        "",
    ],
    "en": [
        "Could not find the right moment: stocktaking swallowed the first two weeks, "
        "but I am starting again on Monday with the morning team.",
        "Tried it twice. The first time surprised everyone, the second went better; "
        "we should do it together rather than each in our corner.",
        "It caught on at once: three colleagues from another department asked how we had "
        "organised it, and the team wants more.",
        "Easier than expected: we just had to start. The hardest part was not turning it into "
        "one more procedure.",
        "",
    ],
}
DECISION_NOTES = {
    "fr": [
        "On continue, et on le présente à la réunion des responsables d'agence de novembre.",
        "Un mois de plus, avec l'équipe du soir cette fois.",
        "Le proposer à l'agence de Nantes, qui a demandé à voir.",
        "On arrête : l'idée était bonne mais le moment ne l'était pas.",
    ],
    "en": [
        "We keep going, and present it at the branch managers' meeting in November.",
        "One more month, with the evening team this time.",
        "Offer it to the Bristol branch, which asked to see it.",
        "We stop: the idea was good, the timing was not.",
    ],
}


def _long(base: str, why: str, more: str, n: int, short: bool, tails: list[str]) -> str:
    """A base idea, a few alone, mostly with its reasons, never over 280 characters."""
    if short:
        return base
    text = f"{base}. {why}"
    if n % 3 != 1 and len(f"{text} {more}") <= MAX_TEXT:
        text = f"{text} {more}"
    for tail in tails:  # a few run right up to the limit, as real ones do
        if n % 5 == 2 and len(f"{text} {tail}") <= MAX_TEXT:
            return f"{text} {tail}"
    return text[:MAX_TEXT]


def large_sample(small: dict, language: str) -> dict:
    """The large workshop's data, in the shape of ``sample-workshop.*.json``."""
    bases = [idea["text"] for idea in small["client_ideas"]]
    versions = [v for idea in small["client_ideas"] for v in idea["colleague_versions"]]
    versions += small["free_colleague_ideas"]
    why, more = CLIENT_WHY[language], CLIENT_MORE[language]
    cwhy, cmore = COLLEAGUE_WHY[language], COLLEAGUE_MORE[language]
    colleague = iter(range(1000))

    def version() -> str:
        n = next(colleague)
        base = versions[n % len(versions)]
        why_n = cwhy[(n // len(versions) + n) % len(cwhy)]
        short = n < len(versions) and n % 3 == 0
        return _long(base, why_n, cmore[n % len(cmore)], n, short, TAILS[language])

    client_ideas = []
    for n in range(120):
        text = _long(
            bases[n % len(bases)], why[(n // len(bases)) % len(why)], more[n % len(more)], n,
            n < len(bases) and n % 3 == 0, TAILS[language],
        )  # fmt: skip
        count = 2 if n < 30 else 1 if n < 50 else 0
        client_ideas.append({"text": text, "colleague_versions": [version() for _ in range(count)]})
    return {
        "language": language,
        "title": TITLE[language],
        "team": TEAM[language],
        "participants": PEOPLE[language],
        "client_ideas": client_ideas,
        "free_colleague_ideas": [version() for _ in range(10)],
    }
