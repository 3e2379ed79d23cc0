"""French versions of the reference lists in alignment/content.py.

These are the portal editors' own, unofficial French translations (the fixtures flag them as
unofficial). They follow, as faithfully as the editors could establish it, the official French
wording of the Global Compact for Safe, Orderly and Regular Migration (A/RES/73/195, para. 16) and
of the 2030 Agenda for Sustainable Development (A/RES/70/1). The short titles are the editors' own.
"""

# French typography: typographic apostrophes.
# ruff: noqa: RUF001

LANGUAGE = "fr"

GCM_OBJECTIVES = {
    1: (
        "Données",
        "Collecter et utiliser des données précises et ventilées qui serviront à l’élaboration de politiques "
        "fondées sur la connaissance des faits",
    ),
    2: (
        "Facteurs négatifs",
        "Lutter contre les facteurs négatifs et les problèmes structurels qui poussent des personnes à quitter "
        "leur pays d’origine",
    ),
    3: (
        "Information",
        "Fournir dans les meilleurs délais des informations exactes à toutes les étapes de la migration",
    ),
    4: ("Identité légale", "Munir tous les migrants d’une preuve d’identité légale et de papiers adéquats"),
    5: (
        "Filières de migration régulière",
        "Faire en sorte que les filières de migration régulière soient accessibles et plus souples",
    ),
    6: (
        "Recrutement équitable et travail décent",
        "Favoriser des pratiques de recrutement justes et éthiques et assurer les conditions d’un travail décent",
    ),
    7: ("Vulnérabilités", "S’attaquer aux facteurs de vulnérabilité liés aux migrations et les réduire"),
    8: (
        "Migrants disparus",
        "Sauver des vies et mettre en place une action internationale coordonnée pour retrouver les migrants disparus",
    ),
    9: ("Trafic de migrants", "Renforcer l’action transnationale face au trafic de migrants"),
    10: (
        "Traite des personnes",
        "Prévenir, combattre et éliminer la traite de personnes dans le cadre des migrations internationales",
    ),
    11: ("Gestion des frontières", "Gérer les frontières de manière intégrée, sûre et coordonnée"),
    12: (
        "Contrôle, évaluation et orientation",
        "Veiller à l’invariabilité et à la prévisibilité des procédures migratoires pour assurer des "
        "contrôles, des évaluations et une orientation appropriés",
    ),
    13: (
        "Solutions de rechange à la rétention",
        "Ne recourir au placement en rétention administrative des migrants qu’en dernier ressort et chercher "
        "des solutions de rechange",
    ),
    14: (
        "Protection consulaire",
        "Renforcer la protection, l’assistance et la coopération consulaires tout au long du cycle migratoire",
    ),
    15: ("Services de base", "Assurer l’accès des migrants aux services de base"),
    16: (
        "Intégration et cohésion sociale",
        "Donner aux migrants et aux sociétés des moyens en faveur de la pleine intégration et de la cohésion sociale",
    ),
    17: (
        "Non-discrimination",
        "Éliminer toutes les formes de discrimination et encourager un débat public fondé sur l’analyse des "
        "faits afin de faire évoluer la manière dont les migrations sont perçues",
    ),
    18: (
        "Compétences",
        "Investir dans le perfectionnement des compétences et faciliter la reconnaissance mutuelle des "
        "aptitudes, qualifications et compétences",
    ),
    19: (
        "Diaspora et développement",
        "Créer les conditions permettant aux migrants et aux diasporas de contribuer pleinement au "
        "développement durable dans tous les pays",
    ),
    20: (
        "Envois de fonds",
        "Promouvoir des transferts de fonds plus rapides, plus sûrs et moins coûteux et favoriser l’inclusion "
        "financière des migrants",
    ),
    21: (
        "Retour et réintégration",
        "Coopérer en vue de faciliter le retour et la réadmission des migrants en toute sécurité et dignité, "
        "ainsi que leur réintégration durable",
    ),
    22: (
        "Portabilité de la protection sociale",
        "Mettre en place des mécanismes de portabilité des droits de sécurité sociale et des avantages acquis",
    ),
    23: (
        "Coopération internationale",
        "Renforcer la coopération internationale et les partenariats mondiaux pour des migrations sûres, "
        "ordonnées et régulières",
    ),
}

SDG_GOALS = {
    3: "Permettre à tous de vivre en bonne santé et promouvoir le bien-être de tous à tout âge",
    4: (
        "Assurer l’accès de tous à une éducation de qualité, sur un pied d’égalité, et promouvoir les "
        "possibilités d’apprentissage tout au long de la vie"
    ),
    5: "Parvenir à l’égalité des sexes et autonomiser toutes les femmes et les filles",
    8: (
        "Promouvoir une croissance économique soutenue, partagée et durable, le plein emploi productif et un "
        "travail décent pour tous"
    ),
    10: "Réduire les inégalités dans les pays et d’un pays à l’autre",
    13: "Prendre d’urgence des mesures pour lutter contre les changements climatiques et leurs répercussions",
    16: (
        "Promouvoir l’avènement de sociétés pacifiques et inclusives aux fins du développement durable, "
        "assurer l’accès de tous à la justice et mettre en place, à tous les niveaux, des institutions "
        "efficaces, responsables et ouvertes à tous"
    ),
    17: (
        "Renforcer les moyens de mettre en œuvre le Partenariat mondial pour le développement durable et le revitaliser"
    ),
}

SDG_TARGETS = {
    "3.c": (
        "Accroître considérablement le budget de la santé et le recrutement, le perfectionnement, la "
        "formation et le maintien en poste du personnel de santé dans les pays en développement, notamment "
        "dans les pays les moins avancés et les petits États insulaires en développement"
    ),
    "4.b": (
        "D’ici à 2020, augmenter considérablement à l’échelle mondiale le nombre de bourses d’études offertes "
        "aux pays en développement, en particulier aux pays les moins avancés, aux petits États insulaires en "
        "développement et aux pays d’Afrique, pour financer le suivi d’études supérieures, y compris la "
        "formation professionnelle, les cursus informatiques, techniques et scientifiques et les études "
        "d’ingénieur, dans des pays développés et d’autres pays en développement"
    ),
    "5.2": (
        "Éliminer de la vie publique et de la vie privée toutes les formes de violence faite aux femmes et aux "
        "filles, y compris la traite et l’exploitation sexuelle et d’autres types d’exploitation"
    ),
    "8.7": (
        "Prendre des mesures immédiates et efficaces pour supprimer le travail forcé, mettre fin à l’esclavage "
        "moderne et à la traite d’êtres humains, interdire et éliminer les pires formes de travail des "
        "enfants, y compris le recrutement et l’utilisation d’enfants soldats et, d’ici à 2025, mettre fin au "
        "travail des enfants sous toutes ses formes"
    ),
    "8.8": (
        "Défendre les droits des travailleurs, promouvoir la sécurité sur le lieu de travail et assurer la "
        "protection de tous les travailleurs, y compris les migrants, en particulier les femmes, et ceux qui "
        "ont un emploi précaire"
    ),
    "10.2": (
        "D’ici à 2030, autonomiser toutes les personnes et favoriser leur intégration sociale, économique et "
        "politique, indépendamment de leur âge, de leur sexe, de leur handicap, de leur race, de leur "
        "appartenance ethnique, de leurs origines, de leur religion ou de leur statut économique ou autre"
    ),
    "10.7": (
        "Faciliter la migration et la mobilité de façon ordonnée, sans danger, régulière et responsable, "
        "notamment par la mise en œuvre de politiques de migration planifiées et bien gérées"
    ),
    "10.c": (
        "D’ici à 2030, faire baisser au-dessous de 3 pour cent les coûts de transaction des envois de fonds "
        "effectués par les migrants et éliminer les couloirs de transfert de fonds dont les coûts sont "
        "supérieurs à 5 pour cent"
    ),
    "13.1": (
        "Renforcer, dans tous les pays, la résilience et les capacités d’adaptation face aux aléas climatiques "
        "et aux catastrophes naturelles liées au climat"
    ),
    "16.2": (
        "Mettre un terme à la maltraitance, à l’exploitation et à la traite, et à toutes les formes de "
        "violence et de torture dont sont victimes les enfants"
    ),
    "16.9": "D’ici à 2030, garantir à tous une identité juridique, notamment grâce à l’enregistrement des naissances",
    "17.17": (
        "Encourager et promouvoir les partenariats publics, les partenariats public-privé et les partenariats "
        "avec la société civile, en faisant fond sur l’expérience acquise et les stratégies de financement "
        "appliquées en la matière"
    ),
    "17.18": (
        "D’ici à 2020, apporter un soutien accru au renforcement des capacités des pays en développement, "
        "notamment des pays les moins avancés et des petits États insulaires en développement, l’objectif "
        "étant de disposer d’un beaucoup plus grand nombre de données de qualité, actualisées et exactes, "
        "ventilées par niveau de revenu, sexe, âge, race, appartenance ethnique, statut migratoire, handicap "
        "et emplacement géographique, et selon d’autres caractéristiques propres à chaque pays"
    ),
}

ALIGNED_BY = "Équipe éditoriale du Portail des tables rondes du FMMD"

# The rationales of alignment/content.py's ALIGNMENTS, in the same order for each recommendation.
RATIONALES = {
    ("3.1", 1): [
        "Demande que les orientations sur les migrants pris dans les conflits et les catastrophes inspirent le pacte.",
        "Protéger les migrants en situation de crise répond à une situation de vulnérabilité aiguë.",
        "Les migrants pris dans les crises sont exposés à la traite ; les lignes directrices MICIC prévoient "
        "des mesures contre elle.",
        "Les lignes directrices MICIC reposent largement sur l’assistance consulaire et l’évacuation des "
        "ressortissants à l’étranger.",
        "Demande que la coopération au moyen d’initiatives menées par les États soit reprise dans le pacte.",
        "La Plateforme sur les déplacements liés aux catastrophes traite des déplacements causés par les "
        "catastrophes et les changements climatiques.",
        "Quitter une situation de crise en sécurité relève d’une migration sûre et ordonnée.",
    ],
    ("3.2", 1): [
        "Demande de faciliter la mobilité pour le travail, les études et le regroupement familial : des voies "
        "de migration régulière.",
        "La migration de main-d’œuvre à tous les niveaux de qualification dépend de la reconnaissance des "
        "compétences des migrants.",
        "Des voies régulières pour le travail, les études et la famille facilitent la migration régulière.",
        "La mobilité à des fins d’études comprend les études à l’étranger d’étudiants de pays en développement.",
    ],
    ("3.2", 2): [
        "Cite le trafic illicite de migrants parmi les mouvements irréguliers à réduire.",
        "Cite la traite parmi les mouvements irréguliers à réduire.",
        "Demande une gestion des frontières dans le plein respect des droits humains des migrants.",
        "Demande de faciliter le retour, la réadmission et la réintégration.",
        "Réduire la migration irrégulière est l’autre face d’une migration ordonnée, sûre et régulière.",
        "Réduire la traite contribue à mettre fin à la traite des êtres humains et au travail forcé.",
    ],
    ("3.2", 3): [
        "Demande de renforcer l’effet de la migration sur le développement et le rôle de la diaspora.",
        "Réduire le coût de la migration pour les migrants comprend le coût des envois de fonds.",
        "Des coûts plus faibles pour les migrants comprennent des frais de transfert de fonds plus faibles.",
    ],
    ("3.2", 4): [
        "Demande une protection dans les situations de vulnérabilité et de transit.",
        "Accorde une attention particulière aux victimes de la traite.",
        "Une attention particulière aux femmes victimes d’exploitation et d’abus, y compris la traite.",
        "Une attention particulière aux enfants victimes d’exploitation, d’abus et de traite.",
        "Protection des victimes de la traite et de l’exploitation.",
    ],
    ("3.2", 5): [
        "Traite des mouvements causés par les conflits, les catastrophes naturelles et les changements climatiques.",
        "Les migrants qui se déplacent en raison de crises sont en situation de vulnérabilité.",
        "Traite des mouvements liés aux catastrophes naturelles et aux changements climatiques.",
    ],
    ("3.2", 6): [
        "Demande l’accès des migrants aux services, en particulier de santé et d’éducation.",
        "Demande de promouvoir l’intégration et l’inclusion sociale.",
        "Demande de lutter contre la discrimination et la xénophobie.",
        "L’inclusion sociale de tous, quels que soient leur origine ou leur statut.",
    ],
    ("3.2", 7): [
        "Demande d’améliorer la gouvernance des migrations à tous les niveaux et les capacités de l’ONU.",
        "Des politiques migratoires bien gérées aux niveaux local, national, régional et mondial.",
    ],
    ("3.2", 8): [
        "Des consultations inclusives préparent la coopération internationale sur le pacte.",
        "Des consultations ouvertes à toutes les parties prenantes bâtissent des partenariats.",
    ],
    ("3.2", 9): [
        "S’appuyer sur les normes et cadres existants est le fondement de la coopération au titre du pacte.",
        "Appliquer les normes existantes soutient des politiques migratoires planifiées et bien gérées.",
    ],
    ("3.2", 10): [
        "Les principes de la Convention sur les travailleurs migrants concernent le travail décent et les "
        "droits des travailleurs migrants.",
        "La Convention énonce le droit des travailleurs migrants à la sécurité sociale.",
        "Protéger les droits au travail des travailleurs migrants.",
    ],
    ("3.2", 11): [
        "L’un des cinq domaines du rapport : davantage de possibilités de mobilité de la main-d’œuvre.",
        "L’un des cinq domaines du rapport : la protection des droits des migrants, y compris en situation de crise.",
        "L’un des cinq domaines du rapport : la contribution de la migration au développement durable.",
        "L’un des cinq domaines du rapport : un retour et une réintégration ordonnés.",
        "L’un des cinq domaines du rapport : les capacités des gouvernements et de la gouvernance.",
        "Ensemble, les cinq domaines décrivent une migration sûre, ordonnée et régulière.",
    ],
    ("3.2", 12): [
        "Demande une véritable coopération multipartite plutôt que l’unilatéralisme.",
        "Associer toutes les parties prenantes clés : partenariats publics, public-privé et avec la société civile.",
    ],
    ("3.2", 13): [
        "Demande d’améliorer les institutions existantes et d’envisager la coopération sur le long terme.",
    ],
    ("3.2", 14): [
        "Le FMMD comme plateforme multipartite pour les thèmes et les bonnes pratiques du pacte.",
        "Le FMMD est un partenariat des États avec la société civile et le secteur privé.",
    ],
    ("3.2", 15): [
        "Demande que l’OIM joue un rôle moteur dans le processus du pacte et sa mise en œuvre.",
        "L’expertise de l’OIM pour aider les États à bien gérer les migrations.",
    ],
    ("3.2", 16): [
        "Demande davantage de possibilités de migration régulière et de mobilité.",
        "Demande de s’appuyer sur les communautés économiques régionales et les processus consultatifs régionaux.",
        "Davantage de migration régulière et de mobilité, grâce à la coopération régionale et mondiale.",
    ],
}
