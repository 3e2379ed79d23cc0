"""French versions of the reference content in roundtables/content.py.

These are the portal editors' own, unofficial French translations (the fixtures flag them as
unofficial). Instruments and organisations that have an official French name are given under it.
Keys match content.py: ISO 3166-1 alpha-3 codes, slugs, and roundtable slugs.
"""

# French typography: typographic apostrophes, and no-break spaces before colons and semicolons.
# ruff: noqa: RUF001

LANGUAGE = "fr"

COUNTRIES = {
    "ARG": "Argentine",
    "BGD": "Bangladesh",
    "CAN": "Canada",
    "ETH": "Éthiopie",
    "IRQ": "Iraq",
    "MAR": "Maroc",
    "MEX": "Mexique",
    "PHL": "Philippines",
    "PRT": "Portugal",
    "SWE": "Suède",
}

SUMMIT = {
    "title": "Neuvième sommet du FMMD",
    "city": "Dhaka",
}

SESSION = {
    "title": "Gouvernance des migrations et du développement",
    "introduction": (
        "La troisième série de tables rondes portait sur la gouvernance des migrations et du développement. "
        "Partant des crises de déplacement en cours, elles ont examiné (i) comment renforcer la protection "
        "des migrantes et des migrants en situation de crise et (ii) comment améliorer les institutions et "
        "les processus existants de gouvernance des migrations afin de rendre plus efficace l’action "
        "collective en faveur de migrations sûres, ordonnées et régulières."
    ),
}

THEMES = {
    "crises-and-displacement": (
        "Migrants en situation de crise et déplacement",
        "Protéger et assister les migrants pris dans des conflits, des catastrophes et d’autres crises, et "
        "prévenir les déplacements forcés.",
    ),
    "climate-and-disasters": (
        "Changements climatiques et catastrophes",
        "Déplacements liés aux catastrophes naturelles, à la dégradation de l’environnement et aux "
        "changements climatiques.",
    ),
    "labour-mobility": (
        "Mobilité de la main-d’œuvre et voies de migration régulières",
        "Voies régulières pour migrer afin de travailler, à tous les niveaux de qualification, d’étudier ou "
        "de rejoindre sa famille (regroupement familial).",
    ),
    "irregular-migration": (
        "Migration irrégulière et gestion des frontières",
        "Réduire la migration irrégulière et gérer les frontières dans le respect des droits des migrants.",
    ),
    "trafficking-and-smuggling": (
        "Traite des personnes et trafic de migrants",
        "Prévenir la traite des personnes et le trafic illicite de migrants, et protéger les victimes.",
    ),
    "return-and-reintegration": (
        "Retour, réadmission et réintégration",
        "Retour et réadmission en bon ordre, et réintégration des migrants ou nouveau départ pour un emploi "
        "à l’étranger.",
    ),
    "human-rights": (
        "Droits de l’homme et protection",
        "Protection des droits de l’homme de tous les migrants, quel que soit leur statut, et normes qui "
        "les garantissent.",
    ),
    "vulnerable-migrants": (
        "Femmes, enfants et migrants en situation de vulnérabilité",
        "Attention particulière portée aux femmes, aux enfants et aux migrants exposés à l’exploitation et aux abus.",
    ),
    "migration-and-development": (
        "Migration et développement",
        "Contribution des migrations au développement durable : réduction des coûts, mobilisation de la "
        "diaspora, prospérité partagée.",
    ),
    "integration-and-inclusion": (
        "Intégration et inclusion sociale",
        "Inclusion des migrants dans les sociétés d’accueil, accès à la santé et à l’éducation, lutte "
        "contre la discrimination et la xénophobie.",
    ),
    "governance-and-institutions": (
        "Gouvernance et institutions",
        "Institutions, normes et processus qui régissent les migrations aux niveaux local, national, "
        "régional et mondial.",
    ),
    "global-compact": (
        "Processus du Pacte mondial",
        "Préparation du pacte mondial pour des migrations sûres, ordonnées et régulières, consultations et "
        "négociations.",
    ),
    "partnerships": (
        "Partenariats et coopération multipartite",
        "Coopération entre États et avec le secteur privé, la société civile, les migrants et les "
        "organisations internationales.",
    ),
}

ACTORS = {
    "states": ("États", "Gouvernements des pays d’origine, de transit et de destination."),
    "iom": ("Organisation internationale pour les migrations (OIM)", "L’Agence des Nations Unies pour les migrations."),
    "united-nations": ("Système des Nations Unies", "L’ONU, son Secrétaire général et ses organes."),
    "gfmd": (
        "Forum mondial sur la migration et le développement",
        "Le FMMD, plateforme multipartite pilotée par les États.",
    ),
    "regional-processes": (
        "Processus régionaux",
        "Communautés économiques régionales et processus consultatifs régionaux sur la migration.",
    ),
    "civil-society": (
        "Société civile",
        "Organisations non gouvernementales, associations de migrants et groupes de la diaspora.",
    ),
    "private-sector": ("Secteur privé", "Employeurs et entreprises."),
    "all-stakeholders": (
        "Toutes les parties prenantes",
        "Tous les acteurs concernés par la gouvernance des migrations.",
    ),
}

FRAMEWORKS = {
    "sdgs": {
        "name": "Programme de développement durable à l’horizon 2030 et ses objectifs de développement durable",
        "short_name": "ODD",
        "description": (
            "Programme des Nations Unies à l’horizon 2030, adopté en septembre 2015 ; sa cible 10.7 vise à "
            "faciliter la migration et la mobilité de façon ordonnée, sans danger, régulière et responsable."
        ),
    },
    "new-york-declaration": {
        "name": "Déclaration de New York pour les réfugiés et les migrants",
        "short_name": "Déclaration de New York",
        "description": (
            "Adoptée par l’Assemblée générale des Nations Unies le 19 septembre 2016 ; les États s’y sont "
            "engagés à élaborer un pacte mondial pour des migrations sûres, ordonnées et régulières."
        ),
    },
    "hld-2013-declaration": {
        "name": (
            "Déclaration du Dialogue de haut niveau sur les migrations internationales et le développement (2013)"
        ),
        "short_name": "Déclaration du Dialogue de haut niveau (2013)",
        "description": (
            "Déclaration issue du deuxième Dialogue de haut niveau des Nations Unies sur les migrations "
            "internationales et le développement, tenu en octobre 2013."
        ),
    },
    "iom-migof": {
        "name": "Cadre de gouvernance des migrations de l’OIM",
        "short_name": "MiGOF de l’OIM",
        "description": (
            "Énoncé, par l’OIM, des principes et des objectifs d’une migration bien gérée, accueilli "
            "favorablement par son Conseil en 2015."
        ),
    },
    "iom-mcof": {
        "name": "Cadre opérationnel de l’OIM en cas de crise migratoire",
        "short_name": "MCOF de l’OIM",
        "description": "Cadre adopté par l’OIM en 2012 pour orienter son action face aux crises migratoires.",
    },
    "berne-initiative": {
        "name": "Initiative de Berne : Agenda international pour la gestion des migrations",
        "short_name": "Initiative de Berne",
        "description": (
            "Processus consultatif conduit par les États, lancé par la Suisse en 2001, qui a abouti à "
            "l’Agenda international pour la gestion des migrations (2004)."
        ),
    },
    "micic-guidelines": {
        "name": "Lignes directrices de l’Initiative Migrants dans les pays en crise (MICIC)",
        "short_name": "Lignes directrices MICIC",
        "description": (
            "Lignes directrices pour la protection des migrants dans les pays touchés par un conflit ou une "
            "catastrophe naturelle, issues de l’Initiative MICIC conduite par les États (2016)."
        ),
    },
    "platform-on-disaster-displacement": {
        "name": "Plateforme sur les déplacements liés aux catastrophes",
        "short_name": "Plateforme sur les déplacements liés aux catastrophes",
        "description": (
            "Suite donnée à l’Initiative Nansen sous la conduite des États, lancée en 2016 pour mettre en "
            "œuvre son Agenda pour la protection."
        ),
    },
    "nansen-protection-agenda": {
        "name": (
            "Agenda de l’Initiative Nansen pour la protection des personnes déplacées au-delà des frontières "
            "dans le contexte de catastrophes et de changements climatiques"
        ),
        "short_name": "Agenda pour la protection de l’Initiative Nansen",
        "description": (
            "Approuvé par 109 États en octobre 2015 ; un ensemble d’outils pour protéger les personnes "
            "déplacées au-delà des frontières par des catastrophes et les changements climatiques."
        ),
    },
    "migrant-workers-convention": {
        "name": (
            "Convention internationale sur la protection des droits de tous les travailleurs migrants et des "
            "membres de leur famille"
        ),
        "short_name": "Convention sur les travailleurs migrants",
        "description": "Convention des Nations Unies adoptée en 1990 et entrée en vigueur en 2003.",
    },
    "global-compact-migration": {
        "name": "Pacte mondial pour des migrations sûres, ordonnées et régulières",
        "short_name": "Pacte mondial sur les migrations",
        "description": (
            "En cours d’élaboration lors des tables rondes ; adopté à Marrakech en décembre 2018, puis "
            "approuvé par l’Assemblée générale des Nations Unies."
        ),
    },
    "srsg-sutherland-report": {
        "name": "Rapport du Représentant spécial du Secrétaire général pour les migrations",
        "short_name": "Rapport Sutherland",
        "description": (
            "Rapport de Peter Sutherland, Représentant spécial du Secrétaire général de l’ONU pour les "
            "migrations internationales (A/71/728, février 2017)."
        ),
    },
}

ROUNDTABLES = {
    "2016-3-1": {
        "title": "Migrants en situation de crise : conflits, changements climatiques et catastrophes naturelles",
    },
    "2016-3-2": {
        "title": "Principes, institutions et processus pour des migrations sûres, ordonnées et régulières",
    },
}
