"""The portal's first content, built from the rapporteurs' general summary of roundtable session 3.

Every `source_excerpt` is quoted verbatim from fixtures/source/ (line breaks and bullet
indentation aside); `build_fixtures` refuses to write the fixture if one is not found there.
Display texts may correct obvious typos of the PDF extraction. Facts that do not come from the
summary carry provenance "editorial" and say where they come from.
"""

TIMESTAMP = "2026-11-28T00:00:00Z"

COUNTRIES = [
    ("ARG", "Argentina"),
    ("BGD", "Bangladesh"),
    ("CAN", "Canada"),
    ("ETH", "Ethiopia"),
    ("IRQ", "Iraq"),
    ("MAR", "Morocco"),
    ("MEX", "Mexico"),
    ("PHL", "Philippines"),
    ("PRT", "Portugal"),
    ("SWE", "Sweden"),
]

SUMMIT = {
    "pk": 1,
    "number": 9,
    "year": 2016,
    "title": "Ninth GFMD Summit",
    "city": "Dhaka",
    "host_country": "BGD",
    "start_date": "2016-12-10",
    "end_date": "2016-12-12",
    "provenance": "editorial",
    "editorial_note": (
        "The general summary does not name its summit. Public record places it at the Ninth "
        "Global Forum on Migration and Development Summit, held in Dhaka, Bangladesh, on 10-12 "
        "December 2016 under the chairmanship of Bangladesh. Title, city, host country and dates "
        "are editorial."
    ),
}

SESSION = {
    "pk": 1,
    "number": 3,
    "title": "Governance of migration and development",
    "introduction": (
        "The third set of roundtables was about the governance of migration and development. They "
        "took their departure in the ongoing displacement crises and explored (i) how protection "
        "can be enhanced for migrant women and men in situations of crisis and (ii) how existing "
        "institutions and processes governing migration could be enhanced to improve the "
        "effectiveness of generating collective action on migration for safe, orderly and regular "
        "migration."
    ),
    "source_excerpt": (
        "The third set of roundtables was about the governance of migration and development. They took "
        "their departure in the on-going displacement crises and explored i) how protection can be "
        "enhanced for migrant women and men in situations of crisis and ii) how existing institutions and "
        "processes governing migration could be enhanced to improve the effectiveness of generating "
        "collective action on migration for safe, orderly and regular migration."
    ),
}

THEMES = [
    (
        "crises-and-displacement",
        "Migrants in crisis and displacement",
        "Protecting and assisting migrants caught in conflicts, disasters and other crises, and "
        "preventing forced displacement.",
    ),
    (
        "climate-and-disasters",
        "Climate change and disasters",
        "Movement linked to natural disasters, environmental degradation and climate change.",
    ),
    (
        "labour-mobility",
        "Labour mobility and regular pathways",
        "Regular channels to move for work at all skill levels, study and family reunification.",
    ),
    (
        "irregular-migration",
        "Irregular migration and border management",
        "Reducing irregular migration and managing borders with respect for migrants' rights.",
    ),
    (
        "trafficking-and-smuggling",
        "Trafficking and smuggling",
        "Preventing trafficking in persons and migrant smuggling, and protecting their victims.",
    ),
    (
        "return-and-reintegration",
        "Return, readmission and reintegration",
        "Orderly return and readmission, and the reintegration or redeployment of migrants.",
    ),
    (
        "human-rights",
        "Human rights and protection",
        "Protection of the human rights of all migrants, whatever their status, and the norms that guarantee them.",
    ),
    (
        "vulnerable-migrants",
        "Women, children and migrants in vulnerable situations",
        "Particular attention to women, children and migrants exposed to exploitation and abuse.",
    ),
    (
        "migration-and-development",
        "Migration and development",
        "The contribution of migration to sustainable development: lower costs, diaspora "
        "engagement, shared prosperity.",
    ),
    (
        "integration-and-inclusion",
        "Integration and social inclusion",
        "Inclusion of migrants in host societies, access to health and education, countering "
        "discrimination and xenophobia.",
    ),
    (
        "governance-and-institutions",
        "Governance and institutions",
        "Institutions, norms and processes that govern migration at local, national, regional and global levels.",
    ),
    (
        "global-compact",
        "Global Compact process",
        "Preparing, consulting on and negotiating the global compact for safe, orderly and regular migration.",
    ),
    (
        "partnerships",
        "Partnerships and multi-stakeholder cooperation",
        "Cooperation between states and with the private sector, civil society, migrants and "
        "international organisations.",
    ),
]

ACTORS = [
    ("states", "States", "Governments of countries of origin, transit and destination."),
    ("iom", "International Organization for Migration (IOM)", "The UN migration agency."),
    ("united-nations", "United Nations system", "The UN, its Secretary-General and its bodies."),
    ("gfmd", "Global Forum on Migration and Development", "The GFMD as a state-led, multi-stakeholder platform."),
    (
        "regional-processes",
        "Regional processes",
        "Regional economic communities and regional consultative processes on migration.",
    ),
    ("civil-society", "Civil society", "Non-governmental organisations, migrants' associations and diaspora groups."),
    ("private-sector", "Private sector", "Employers and businesses."),
    ("all-stakeholders", "All stakeholders", "Every actor with a stake in migration governance."),
]

FRAMEWORKS = [
    {
        "slug": "sdgs",
        "short_name": "SDGs",
        "kind": "agenda",
        "year": 2015,
        "name": "2030 Agenda for Sustainable Development and its Sustainable Development Goals",
        "description": "The UN's 2030 Agenda, adopted in September 2015; target 10.7 calls for "
        "orderly, safe, regular and responsible migration.",
        "source_excerpt": "SDGS",
    },
    {
        "slug": "new-york-declaration",
        "short_name": "New York Declaration",
        "kind": "declaration",
        "year": 2016,
        "name": "New York Declaration for Refugees and Migrants",
        "description": "Adopted by the UN General Assembly on 19 September 2016; it committed "
        "states to develop a global compact for safe, orderly and regular migration.",
        "source_excerpt": "NY declaration",
    },
    {
        "slug": "hld-2013-declaration",
        "short_name": "HLD Declaration 2013",
        "kind": "declaration",
        "year": 2013,
        "name": "Declaration of the High-level Dialogue on International Migration and Development (2013)",
        "description": "Declaration of the second UN High-level Dialogue on International Migration "
        "and Development, October 2013.",
        "source_excerpt": "HLD\ndeclaration of 2013",
    },
    {
        "slug": "iom-migof",
        "short_name": "IOM MiGOF",
        "kind": "framework",
        "year": 2015,
        "name": "IOM Migration Governance Framework",
        "description": "IOM's statement of the principles and objectives of well-managed migration, "
        "welcomed by its Council in 2015.",
        "source_excerpt": "IOM's Migration Governance Framwork",
    },
    {
        "slug": "iom-mcof",
        "short_name": "IOM MCOF",
        "kind": "framework",
        "year": 2012,
        "name": "IOM Migration Crisis Operational Framework",
        "description": "IOM's framework, adopted in 2012, for its response to migration crises.",
        "source_excerpt": "Migration Crisis operational\nframework",
    },
    {
        "slug": "berne-initiative",
        "short_name": "Berne Initiative",
        "kind": "initiative",
        "year": 2004,
        "name": "Berne Initiative: International Agenda for Migration Management",
        "description": "A state-owned consultative process launched by Switzerland in 2001 that "
        "produced the International Agenda for Migration Management (2004).",
        "source_excerpt": "the Bern Initiative",
    },
    {
        "slug": "micic-guidelines",
        "short_name": "MICIC Guidelines",
        "kind": "guidelines",
        "year": 2016,
        "name": "Migrants in Countries in Crisis (MICIC) Initiative Guidelines",
        "description": "Guidelines to protect migrants in countries experiencing conflict or natural "
        "disaster, from the state-led MICIC Initiative (2016).",
        "source_excerpt": "the Migrants in Countries in crisis guidelines",
    },
    {
        "slug": "platform-on-disaster-displacement",
        "short_name": "Platform on Disaster Displacement",
        "kind": "initiative",
        "year": 2016,
        "name": "Platform on Disaster Displacement",
        "description": "The state-led follow-up to the Nansen Initiative, launched in 2016 to "
        "implement its Protection Agenda.",
        "source_excerpt": "the Platform for Disaster Displacement",
    },
    {
        "slug": "nansen-protection-agenda",
        "short_name": "Nansen Protection Agenda",
        "kind": "initiative",
        "year": 2015,
        "name": "Nansen Initiative Protection Agenda for Cross-Border Displaced Persons in the Context "
        "of Disasters and Climate Change",
        "description": "Endorsed by 109 states in October 2015; a toolbox for protecting people "
        "displaced across borders by disasters and climate change.",
        "source_excerpt": "the NaNsen\ninitiative protection agenda",
    },
    {
        "slug": "migrant-workers-convention",
        "short_name": "Migrant Workers Convention",
        "kind": "convention",
        "year": 1990,
        "name": "International Convention on the Protection of the Rights of All Migrant Workers and "
        "Members of Their Families",
        "description": "UN convention adopted in 1990, in force since 2003.",
        "source_excerpt": "the migrant workers convention",
    },
    {
        "slug": "global-compact-migration",
        "short_name": "Global Compact for Migration",
        "kind": "compact",
        "year": 2018,
        "name": "Global Compact for Safe, Orderly and Regular Migration",
        "description": "Under development when the roundtables met; adopted in Marrakech in December "
        "2018 and endorsed by the UN General Assembly.",
        "source_excerpt": "the Global Compact on Migration",
    },
    {
        "slug": "srsg-sutherland-report",
        "short_name": "Sutherland Report",
        "kind": "report",
        "year": 2017,
        "name": "Report of the Special Representative of the Secretary-General on Migration",
        "description": "Report of Peter Sutherland, Special Representative of the UN Secretary-General "
        "for International Migration (A/71/728, February 2017).",
        "source_excerpt": "The report of SRSG Sutherland",
    },
]

ROUNDTABLES = [
    {
        "pk": 1,
        "code": "3.1",
        "slug": "2016-3-1",
        "title": "Migrants in situations of crises: conflict, climate change and natural disasters",
        "summary": (
            "The roundtable built on the outcomes and recommendations of roundtable 3.1 in Istanbul "
            "(2015); a lot of progress has been achieved since then. There was a clear consensus on "
            "the importance of the topic: no country is immune to crisis. The perspectives of "
            "governments of countries of origin, transit and destination, of the private sector, of "
            "civil society and of migrants themselves were presented. The roundtable closed with "
            "messages of hope: to take forward ongoing efforts and join forces to better protect "
            "migrants in the event of a crisis and prevent forced displacement."
        ),
        "source_excerpt": (
            "Roundtable 3.1 on the Migrants in situations of crises: conflict, climate change and natural\n"
            "disasters was co-chaired by the Philippines and Ethiopia. Morocco was the rapporteur.\n"
            "This Roundtable built on the outcomes and recommendations of RT 3.1 in Istanbul. A lot of\n"
            "progress has been achieved since 2015. There was a clear consensus on the importance of the\n"
            "topic of RT 3.1. It was underlined that no country is immune to crisis."
        ),
        "frameworks": ["micic-guidelines", "platform-on-disaster-displacement", "global-compact-migration"],
        "roles": [
            ("PHL", "co_chair", 1, "co-chaired by the Philippines and Ethiopia"),
            ("ETH", "co_chair", 2, "co-chaired by the Philippines and Ethiopia"),
            ("MAR", "rapporteur", 1, "Morocco was the rapporteur"),
        ],
        "key_points": [
            (
                "Awareness-raising and training",
                "Raise awareness about the needs, vulnerability and agency of migrants in times of "
                "crisis, and train responders such as consular officers.",
                "Awareness-raising and training: need to raise-awareness about the needs, vulnerability\n"
                "and agency of migrants in times of crisis. Need to train responders such as consular\n"
                "officers.",
            ),
            (
                "Cooperation",
                "All the discussants and interventions highlighted the importance of building "
                "multi-stakeholder partnerships to protect and assist migrants in times of crisis. The "
                "roles of the private sector and civil society were particularly underlined.",
                "Cooperation: All the discussants and interventions highlighted the importance of\n"
                "building multi-stakeholder partnerships to protect and assist migrants in times of crisis.\n"
                "The roles of the private sector and the civil society were particularly underlined.",
            ),
            (
                "Emergency evacuation",
                "Ensure that migrants can reach safety in times of crisis, regardless of their status, "
                "and develop legal mobility channels to that end.",
                "Emergency evacuation: importance to ensure that migrants can reach safety, regardless\n"
                "their status, in times of crisis. Need to develop legal mobility channels in this regard.",
            ),
            (
                "Research",
                "Conduct further research to develop the evidence base.",
                "Research: need to further conduct research to develop the evidence-base.",
            ),
            (
                "Long-term needs",
                "Take into account the long-term needs of migrants in the post-crisis phase, so that "
                "they can return and be reintegrated in their country of origin or be redeployed abroad.",
                "Long term needs: long term needs of migrants in the post-crisis phase need to be taken\n"
                "into account so they can return and be reintegrated in their country of origin or be\n"
                "redeployed abroad.",
            ),
        ],
        "practices": [
            (
                "ARG",
                "White Helmets",
                "Argentina's White Helmets (Cascos Blancos), highlighted as a concrete example of "
                "intervention from which lessons can be drawn.",
                "the white helmets in Argentina",
            ),
            (
                "PRT",
                "Education initiatives",
                "Initiatives in the field of education in Portugal, highlighted as a concrete example of "
                "intervention from which lessons can be drawn.",
                "the initiatives in the field of education in\nPortugal",
            ),
            (
                "IRQ",
                "A ministry of migration",
                "The creation of a ministry of migration in Iraq, highlighted as a concrete example of "
                "intervention from which lessons can be drawn.",
                "the creation of a ministry of migration in Iraq",
            ),
            (
                "PHL",
                "Crisis alert system",
                "The crisis alert system in the Philippines, highlighted as a concrete example of "
                "intervention from which lessons can be drawn.",
                "the crisis alert system in the\nPhilippines",
            ),
        ],
        "recommendations": [
            {
                "made_by": "roundtable",
                "text": (
                    "Fully integrate the principles of the MICIC Initiative and the Platform on "
                    "Disaster Displacement, which provide guidance and highlight effective practices "
                    "for protecting migrants in crisis, in the Global Compact on Migration, and be "
                    "practical."
                ),
                "source_excerpt": (
                    "The MICIC Initiative and the Platform for Disaster Displacement support these efforts by\n"
                    "providing guidance and highlighting effective practices. There was a call to fully integrate their\n"
                    "principles in the Global Compact on Migration and be practical (concrete recommendation of\n"
                    "this roundtable)."
                ),
                "themes": ["crises-and-displacement", "climate-and-disasters", "global-compact"],
                "frameworks": ["micic-guidelines", "platform-on-disaster-displacement", "global-compact-migration"],
                "actors": ["states"],
            },
        ],
    },
    {
        "pk": 2,
        "code": "3.2",
        "slug": "2016-3-2",
        "title": "Principles, institutions and processes for safe, orderly and regular migration",
        "summary": (
            "Participants recognised migration as a megatrend of the 21st century and a reality to "
            "be managed, with more people living away from their places of birth than ever before. "
            "They stressed that migrants as human beings must be at the centre of our efforts and "
            "that migration must be addressed comprehensively, in its human rights, development, "
            "economic, climate change and peace and security dimensions. The adoption of the SDGs and "
            "the New York Declaration, with its commitment to develop a global compact on migration "
            "over the coming two years, and the bringing of IOM into the UN system, offer a once in a "
            "generation opportunity to promote safe, orderly and regular migration, to be seized "
            "despite the re-emergence of widespread xenophobia and discrimination against migrants."
        ),
        "source_excerpt": (
            "Roundtable 3.2 focused on principles, institutions and processes for safe, orderly and regular\n"
            "migration. It was co-chaired by Mexico and Sweden. Canada was the rapporteur.\n"
            "Participants recognized that migration is a megatrend of the 21st century, with more people living\n"
            "away from the places of birth than ever before."
        ),
        "frameworks": [
            "sdgs",
            "new-york-declaration",
            "hld-2013-declaration",
            "iom-migof",
            "iom-mcof",
            "berne-initiative",
            "micic-guidelines",
            "nansen-protection-agenda",
            "migrant-workers-convention",
            "global-compact-migration",
            "srsg-sutherland-report",
        ],
        "roles": [
            ("MEX", "co_chair", 1, "It was co-chaired by Mexico and Sweden"),
            ("SWE", "co_chair", 2, "It was co-chaired by Mexico and Sweden"),
            ("CAN", "rapporteur", 1, "Canada was the rapporteur"),
        ],
        "key_points": [],
        "practices": [],
        "recommendations": [
            {
                "made_by": "member_states",
                "text": (
                    "Making it easier for migrants to move, inter alia for labour migration at all "
                    "skills levels, education and family reunification purposes."
                ),
                "source_excerpt": (
                    "Making it easier for migrants to move inter alia for labour migration at all skills levels,\n"
                    "education and family reunification purposes;"
                ),
                "themes": ["labour-mobility"],
                "frameworks": ["global-compact-migration"],
                "actors": ["states"],
            },
            {
                "made_by": "member_states",
                "text": (
                    "Reducing the incidence and impacts of irregular migration, including trafficking "
                    "and smuggling, inter alia through border management carried out with full respect "
                    "for the human rights of migrants, and facilitating return, readmission and "
                    "reintegration."
                ),
                "source_excerpt": (
                    "Reducing incidence and impacts of irregular migration, including trafficking and\n"
                    "smuggling inter alia through border management carried out with full respect for human\n"
                    "rights of migrants and facilitating return, readmission and reintegration;"
                ),
                "themes": [
                    "irregular-migration",
                    "trafficking-and-smuggling",
                    "return-and-reintegration",
                    "human-rights",
                ],
                "frameworks": ["global-compact-migration"],
                "actors": ["states"],
            },
            {
                "made_by": "member_states",
                "text": (
                    "Enhancing the socio-economic development impact of migration, including by "
                    "reducing the costs and risks for migrants, and enhancing the role of the diaspora."
                ),
                "source_excerpt": (
                    "Enhancing socio-economic development of migration, including by reducing the costs and\n"
                    "risks for migrants; enhancing the role of Diaspora;"
                ),
                "themes": ["migration-and-development"],
                "frameworks": ["global-compact-migration"],
                "actors": ["states", "civil-society"],
            },
            {
                "made_by": "member_states",
                "text": (
                    "Ensuring that migrants' human rights are protected, including in situations of "
                    "vulnerability and transit, with particular attention to women and children and to "
                    "those subject to exploitation and abuse, especially victims of trafficking; "
                    "identifying relevant norms, guidelines and conventions and advocating for their "
                    "implementation; respecting human rights law and humanitarian law."
                ),
                "source_excerpt": (
                    "Ensuring that migrants’ human rights are protected, including in situations of vulnerability\n"
                    "and transit, with particular attention to women and children and those subject to\n"
                    "exploitation and abuse, especially victims of trafficking; as well as by identifying relevant\n"
                    "norms, guidelines and conventions and advocate for their implementation; Respect for\n"
                    "human rights laws, humanitarian laws;"
                ),
                "themes": ["human-rights", "vulnerable-migrants", "trafficking-and-smuggling"],
                "frameworks": ["global-compact-migration"],
                "actors": ["states"],
            },
            {
                "made_by": "member_states",
                "text": (
                    "Addressing crisis-related movements, including in relation to conflict, natural "
                    "disasters and climate change."
                ),
                "source_excerpt": (
                    "Addressing crisis related movements, including in relation to conflict, natural disasters and\n"
                    "climate change;"
                ),
                "themes": ["crises-and-displacement", "climate-and-disasters"],
                "frameworks": ["global-compact-migration"],
                "actors": ["states"],
            },
            {
                "made_by": "member_states",
                "text": (
                    "Promoting migrants' integration and social inclusion, including through efforts to "
                    "counter discrimination and xenophobia, and through access to services, especially "
                    "health and education."
                ),
                "source_excerpt": (
                    "Promoting migrants integration and social inclusion, including efforts to counter\n"
                    "discrimination and xenophobia as well as through access, especially health and education;"
                ),
                "themes": ["integration-and-inclusion", "human-rights"],
                "frameworks": ["global-compact-migration"],
                "actors": ["states"],
            },
            {
                "made_by": "member_states",
                "text": (
                    "Improving the governance of migration at local, national, regional and global "
                    "levels, and strengthening the capacity of the United Nations to manage this issue."
                ),
                "source_excerpt": (
                    "Improving governance of migration, at local, national, regional and global levels, and\n"
                    "strengthening the UN capacity to manage this issue."
                ),
                "themes": ["governance-and-institutions"],
                "frameworks": ["global-compact-migration"],
                "actors": ["states", "united-nations"],
            },
            {
                "made_by": "participants",
                "text": (
                    "Hold inclusive consultations over the course of 2017, and perhaps part of 2018, "
                    "before moving to negotiations on the global compact."
                ),
                "source_excerpt": (
                    "In addition to the substantive elements to be included in the Global compact, participants stressed\n"
                    "the need to have inclusive consultations over the course of 2017 and perhaps part of 2018 are\n"
                    "needed before moving to negotiations."
                ),
                "themes": ["global-compact", "partnerships"],
                "frameworks": ["global-compact-migration"],
                "actors": ["states", "all-stakeholders"],
            },
            {
                "made_by": "participants",
                "text": (
                    "Do not start from scratch: do not reopen existing norms and principles, but find "
                    "practical means to ensure their effective implementation, drawing on the SDGs, the "
                    "New York Declaration, the 2013 High-level Dialogue declaration, IOM's Migration "
                    "Governance Framework and Migration Crisis Operational Framework, the Berne "
                    "Initiative, the MICIC guidelines and the Nansen Initiative protection agenda."
                ),
                "source_excerpt": (
                    "Participants said we should not start from scratch as there is already a wide set of norms, guidance\n"
                    "and existing frameworks to draw upon. We should not reopen existing norms and principles but\n"
                    "find practical means to ensure their effective implementation. The SDGS, NY declaration, HLD\n"
                    "declaration of 2013, IOM's Migration Governance Framwork and Migration Crisis operational\n"
                    "framework, the Bern Initiative, the Migrants in Countries in crisis guidelines and the NaNsen\n"
                    "initiative protection agenda already point the way ahead."
                ),
                "themes": ["governance-and-institutions", "global-compact"],
                "frameworks": [
                    "sdgs",
                    "new-york-declaration",
                    "hld-2013-declaration",
                    "iom-migof",
                    "iom-mcof",
                    "berne-initiative",
                    "micic-guidelines",
                    "nansen-protection-agenda",
                ],
                "actors": ["states"],
            },
            {
                "made_by": "participants",
                "text": (
                    "Let the key principles of the Migrant Workers Convention inform the development of "
                    "the compact, although the convention is not widely ratified by migrant-receiving "
                    "states."
                ),
                "source_excerpt": (
                    "While the migrant workers convention\n"
                    "is not widely ratified be migrant receiving states, some of its key principles can usefully inform\n"
                    "the development of the compact."
                ),
                "themes": ["human-rights", "labour-mobility", "global-compact"],
                "frameworks": ["migrant-workers-convention", "global-compact-migration"],
                "actors": ["states"],
            },
            {
                "made_by": "report",
                "text": (
                    "Pursue progress now, without waiting for 2018 and the negotiation and adoption of "
                    "the global compact, in the five key areas identified by the report of SRSG "
                    "Sutherland: improving protection of the rights of migrants, including in crisis "
                    "situations; facilitating more opportunities for labour mobility; working to ensure "
                    "orderly return and reintegration; enhancing the contributions of migration to "
                    "inclusive and sustainable development; and strengthening governmental and "
                    "governance capacities."
                ),
                "source_excerpt": (
                    "The report of SRSG Sutherland to be released next month\n"
                    "identified 5 key areas where progress could be pursued now, and not wait for 2018 and the\n"
                    "negotiation and adoption of the Global compact. These include improving protection of the rights\n"
                    "of migrants including in crisis situations, facilitating more opportunities for labour mobility,\n"
                    "working to ensure orderly return and reintegration, enhancing the contributions of migration to\n"
                    "inclusive and sustainable development, and strengthening governmental and governance\n"
                    "capacities."
                ),
                "themes": [
                    "human-rights",
                    "crises-and-displacement",
                    "labour-mobility",
                    "return-and-reintegration",
                    "migration-and-development",
                    "governance-and-institutions",
                ],
                "frameworks": ["srsg-sutherland-report", "global-compact-migration"],
                "actors": ["states", "united-nations"],
            },
            {
                "made_by": "participants",
                "text": (
                    "Move away from unilateralism, by individual states or by states collectively, and "
                    "bring in all key stakeholders through genuine multi-stakeholder cooperation, "
                    "identifying common interests as well as common threats."
                ),
                "source_excerpt": (
                    "We need to move away from unilateralism -- individual states acting on their own and states\n"
                    "collectively acting on their own -- and bring in all key stakeholders to make progress, through\n"
                    "genuine multistakeholder cooperation. To do so, we must identify common interests -- and there\n"
                    "are many -- as well as common threats."
                ),
                "themes": ["partnerships", "governance-and-institutions"],
                "frameworks": [],
                "actors": ["states", "all-stakeholders"],
            },
            {
                "made_by": "participants",
                "text": (
                    "Break off bite-sized pieces and make progress on them, improve existing "
                    "institutions and mechanisms, and take a long-term view of cooperation: global "
                    "governance of migration is likely to emerge as a patchwork, at different paces, "
                    "and not in whole cloth."
                ),
                "source_excerpt": (
                    "We can and should break off bite sized pieces and make\n"
                    "progress on them, recognizing that global governance of migration is most likely to emerge as a\n"
                    "patchwork, and not in whole cloth. We must improve existing institutions and mechanisms, and\n"
                    "persevere in our efforts. We must take a long term view of cooperation to promote global\n"
                    "governance"
                ),
                "themes": ["governance-and-institutions"],
                "frameworks": [],
                "actors": ["states"],
            },
            {
                "made_by": "participants",
                "text": (
                    "Use the GFMD, a multi-stakeholder platform that has built trust over nine years, "
                    "in the coming two years to focus on the key themes for the global compact and to "
                    "identify best practices and areas of consensus."
                ),
                "source_excerpt": (
                    "Participants stressed the value of the GFMD as a critical platform and space that is multistakeholder "
                    "and has built trust over the past 9 years. In the coming two years, it can and should be\n"
                    "used to focus on the key themes for the global compact and identify best practices as well as areas\n"
                    "of consensus."
                ),
                "themes": ["global-compact", "partnerships"],
                "frameworks": ["global-compact-migration"],
                "actors": ["gfmd"],
            },
            {
                "made_by": "participants",
                "text": (
                    "Empower IOM, the key institutional actor, in Geneva and New York through the "
                    "modalities, process and content development of the global compact, to play the "
                    "leadership role expected of it and bring its operational and policy expertise to "
                    "bear so that migration is truly beneficial for migrants and societies."
                ),
                "source_excerpt": (
                    "Participants also stressed that while many entities or organizations have important contributions\n"
                    "to make, IOM is the key institutional actor and it needs to be empowered in Geneva and NY through the "
                    "modalities, process and content-development for the global compact -- to play the\n"
                    "leadership role expected of it. IOM has unparalleled operational and policy expertise that needs\n"
                    "to be brought to bear, and to help Member states and migrants ensure truyl beneficial migration\n"
                    "for migrants and societies."
                ),
                "themes": ["governance-and-institutions", "global-compact"],
                "frameworks": ["global-compact-migration"],
                "actors": ["iom", "states"],
            },
            {
                "made_by": "participants",
                "text": (
                    "Put migrants at the centre of our efforts and build on regional economic "
                    "communities and regional consultative processes on migration, to take account of "
                    "regional and country differences, together with the GFMD platform and IOM, to move "
                    "forward urgently to create more opportunities for regular migration and mobility, "
                    "protection of migrants' rights and shared prosperity through genuine cooperation."
                ),
                "source_excerpt": (
                    "Let's put migrants at the center of our efforts, and build on the regional economic communities,\n"
                    "regional consultative processes on migration to take account of regional and country differences,\n"
                    "and the GFMD platform and IOM to move forward urgently to create more opportunities for\n"
                    "regular migration and mobility, protection of migrants rights, and shared prosperity through\n"
                    "genuine cooperation."
                ),
                "themes": ["partnerships", "labour-mobility", "human-rights", "migration-and-development"],
                "frameworks": [],
                "actors": ["regional-processes", "gfmd", "iom"],
            },
        ],
    },
]
