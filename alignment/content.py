"""Reference data (GCM objectives, SDG goals and targets) and the editors' alignments.

Official wording: the Global Compact for Safe, Orderly and Regular Migration, UN General
Assembly resolution A/RES/73/195 (19 December 2018), paragraph 16; the 2030 Agenda for
Sustainable Development, A/RES/70/1 (25 September 2015). Alignments are editorial: each
carries a one-line rationale, who aligned it and when.
"""

GCM_SOURCE = "Global Compact for Safe, Orderly and Regular Migration, A/RES/73/195, para. 16"
SDG_SOURCE = "Transforming our world: the 2030 Agenda for Sustainable Development, A/RES/70/1"

GCM_OBJECTIVES = [
    (1, "Data", "Collect and utilize accurate and disaggregated data as a basis for evidence-based policies"),
    (
        2,
        "Adverse drivers",
        "Minimize the adverse drivers and structural factors that compel people to leave their country of origin",
    ),
    (3, "Information", "Provide accurate and timely information at all stages of migration"),
    (4, "Legal identity", "Ensure that all migrants have proof of legal identity and adequate documentation"),
    (5, "Regular pathways", "Enhance availability and flexibility of pathways for regular migration"),
    (
        6,
        "Fair recruitment and decent work",
        "Facilitate fair and ethical recruitment and safeguard conditions that ensure decent work",
    ),
    (7, "Vulnerabilities", "Address and reduce vulnerabilities in migration"),
    (8, "Missing migrants", "Save lives and establish coordinated international efforts on missing migrants"),
    (9, "Smuggling", "Strengthen the transnational response to smuggling of migrants"),
    (
        10,
        "Trafficking",
        "Prevent, combat and eradicate trafficking in persons in the context of international migration",
    ),
    (11, "Border management", "Manage borders in an integrated, secure and coordinated manner"),
    (
        12,
        "Screening and referral",
        "Strengthen certainty and predictability in migration procedures for appropriate screening, assessment and referral",
    ),
    (
        13,
        "Alternatives to detention",
        "Use migration detention only as a measure of last resort and work towards alternatives",
    ),
    (
        14,
        "Consular protection",
        "Enhance consular protection, assistance and cooperation throughout the migration cycle",
    ),
    (15, "Basic services", "Provide access to basic services for migrants"),
    (
        16,
        "Inclusion and social cohesion",
        "Empower migrants and societies to realize full inclusion and social cohesion",
    ),
    (
        17,
        "Non-discrimination",
        "Eliminate all forms of discrimination and promote evidence-based public discourse to shape perceptions of migration",
    ),
    (
        18,
        "Skills",
        "Invest in skills development and facilitate mutual recognition of skills, qualifications and competences",
    ),
    (
        19,
        "Diaspora and development",
        "Create conditions for migrants and diasporas to fully contribute to sustainable development in all countries",
    ),
    (
        20,
        "Remittances",
        "Promote faster, safer and cheaper transfer of remittances and foster financial inclusion of migrants",
    ),
    (
        21,
        "Return and reintegration",
        "Cooperate in facilitating safe and dignified return and readmission, as well as sustainable reintegration",
    ),
    (
        22,
        "Social protection portability",
        "Establish mechanisms for the portability of social security entitlements and earned benefits",
    ),
    (
        23,
        "International cooperation",
        "Strengthen international cooperation and global partnerships for safe, orderly and regular migration",
    ),
]

SDG_GOALS = [
    (3, "Ensure healthy lives and promote well-being for all at all ages"),
    (4, "Ensure inclusive and equitable quality education and promote lifelong learning opportunities for all"),
    (5, "Achieve gender equality and empower all women and girls"),
    (
        8,
        "Promote sustained, inclusive and sustainable economic growth, full and productive employment and decent work for all",
    ),
    (10, "Reduce inequality within and among countries"),
    (13, "Take urgent action to combat climate change and its impacts"),
    (
        16,
        "Promote peaceful and inclusive societies for sustainable development, provide access to justice for all and build effective, accountable and inclusive institutions at all levels",
    ),
    (17, "Strengthen the means of implementation and revitalize the Global Partnership for Sustainable Development"),
]

SDG_TARGETS = [
    (
        "3.c",
        "Substantially increase health financing and the recruitment, development, training and retention of the health workforce in developing countries, especially in least developed countries and small island developing States",
    ),
    (
        "4.b",
        "By 2020, substantially expand globally the number of scholarships available to developing countries, in particular least developed countries, small island developing States and African countries, for enrolment in higher education, including vocational training and information and communications technology, technical, engineering and scientific programmes, in developed countries and other developing countries",
    ),
    (
        "5.2",
        "Eliminate all forms of violence against all women and girls in the public and private spheres, including trafficking and sexual and other types of exploitation",
    ),
    (
        "8.7",
        "Take immediate and effective measures to eradicate forced labour, end modern slavery and human trafficking and secure the prohibition and elimination of the worst forms of child labour, including recruitment and use of child soldiers, and by 2025 end child labour in all its forms",
    ),
    (
        "8.8",
        "Protect labour rights and promote safe and secure working environments for all workers, including migrant workers, in particular women migrants, and those in precarious employment",
    ),
    (
        "10.2",
        "By 2030, empower and promote the social, economic and political inclusion of all, irrespective of age, sex, disability, race, ethnicity, origin, religion or economic or other status",
    ),
    (
        "10.7",
        "Facilitate orderly, safe, regular and responsible migration and mobility of people, including through the implementation of planned and well-managed migration policies",
    ),
    (
        "10.c",
        "By 2030, reduce to less than 3 per cent the transaction costs of migrant remittances and eliminate remittance corridors with costs higher than 5 per cent",
    ),
    (
        "13.1",
        "Strengthen resilience and adaptive capacity to climate-related hazards and natural disasters in all countries",
    ),
    ("16.2", "End abuse, exploitation, trafficking and all forms of violence against and torture of children"),
    ("16.9", "By 2030, provide legal identity for all, including birth registration"),
    (
        "17.17",
        "Encourage and promote effective public, public-private and civil society partnerships, building on the experience and resourcing strategies of partnerships",
    ),
    (
        "17.18",
        "By 2020, enhance capacity-building support to developing countries, including for least developed countries and small island developing States, to increase significantly the availability of high-quality, timely and reliable data disaggregated by income, gender, age, race, ethnicity, migratory status, disability, geographic location and other characteristics relevant in national contexts",
    ),
]

ALIGNED_BY = "GFMD Roundtable Portal editors"
ALIGNED_ON = "2026-11-28"

# (roundtable code, recommendation number) -> [(kind, objective number or target code, rationale)]
ALIGNMENTS = {
    ("3.1", 1): [
        ("gcm", 2, "Asks that guidance on migrants caught in conflicts and disasters shape the compact."),
        ("gcm", 7, "Protecting migrants in crisis addresses a situation of acute vulnerability."),
        (
            "gcm",
            10,
            "Migrants caught in crises are exposed to trafficking; the MICIC guidelines include measures against it.",
        ),
        ("gcm", 14, "The MICIC guidelines rest largely on consular assistance and evacuation of nationals abroad."),
        ("gcm", 23, "Calls for cooperation through state-led initiatives to be carried into the compact."),
        (
            "sdg",
            "13.1",
            "The Platform on Disaster Displacement addresses displacement caused by disasters and climate change.",
        ),
        ("sdg", "10.7", "Safe movement out of crisis situations is part of safe and orderly migration."),
    ],
    ("3.2", 1): [
        ("gcm", 5, "Asks for easier movement for work, study and family reunification: regular pathways."),
        ("gcm", 18, "Labour migration at all skill levels depends on recognising migrants' skills."),
        ("sdg", "10.7", "Regular channels for labour, education and family migration facilitate regular migration."),
        ("sdg", "4.b", "Mobility for education purposes includes study abroad for students from developing countries."),
    ],
    ("3.2", 2): [
        ("gcm", 9, "Names smuggling among the irregular movements to reduce."),
        ("gcm", 10, "Names trafficking among the irregular movements to reduce."),
        ("gcm", 11, "Asks for border management with full respect for migrants' human rights."),
        ("gcm", 21, "Asks to facilitate return, readmission and reintegration."),
        ("sdg", "10.7", "Reducing irregular migration is the other side of orderly, safe and regular migration."),
        ("sdg", "8.7", "Reducing trafficking supports ending human trafficking and forced labour."),
    ],
    ("3.2", 3): [
        ("gcm", 19, "Asks to enhance the development impact of migration and the role of the diaspora."),
        ("gcm", 20, "Reducing the costs of migration for migrants includes the cost of sending remittances."),
        ("sdg", "10.c", "Lower costs for migrants include lower transaction costs of remittances."),
    ],
    ("3.2", 4): [
        ("gcm", 7, "Asks for protection in situations of vulnerability and transit."),
        ("gcm", 10, "Gives particular attention to victims of trafficking."),
        ("sdg", "5.2", "Particular attention to women subject to exploitation and abuse, including trafficking."),
        ("sdg", "16.2", "Particular attention to children subject to exploitation, abuse and trafficking."),
        ("sdg", "8.7", "Protection of victims of trafficking and exploitation."),
    ],
    ("3.2", 5): [
        ("gcm", 2, "Addresses movements driven by conflict, natural disasters and climate change."),
        ("gcm", 7, "Migrants moving because of crises are in situations of vulnerability."),
        ("sdg", "13.1", "Addresses movement linked to natural disasters and climate change."),
    ],
    ("3.2", 6): [
        ("gcm", 15, "Asks for migrants' access to services, especially health and education."),
        ("gcm", 16, "Asks to promote integration and social inclusion."),
        ("gcm", 17, "Asks to counter discrimination and xenophobia."),
        ("sdg", "10.2", "Social inclusion of all, irrespective of origin or status."),
    ],
    ("3.2", 7): [
        ("gcm", 23, "Asks to improve governance of migration at every level and UN capacity."),
        ("sdg", "10.7", "Well-managed migration policies at local, national, regional and global levels."),
    ],
    ("3.2", 8): [
        ("gcm", 23, "Inclusive consultations prepare international cooperation on the compact."),
        ("sdg", "17.17", "Consultations open to all stakeholders build partnerships."),
    ],
    ("3.2", 9): [
        ("gcm", 23, "Building on existing norms and frameworks is the basis of cooperation under the compact."),
        ("sdg", "10.7", "Implementing existing norms supports planned and well-managed migration policies."),
    ],
    ("3.2", 10): [
        ("gcm", 6, "The Migrant Workers Convention's principles concern decent work and migrant workers' rights."),
        ("gcm", 22, "The Convention sets out migrant workers' rights to social security."),
        ("sdg", "8.8", "Protecting the labour rights of migrant workers."),
    ],
    ("3.2", 11): [
        ("gcm", 5, "One of the report's five areas: more opportunities for labour mobility."),
        ("gcm", 7, "One of the report's five areas: protection of migrants' rights, including in crisis situations."),
        ("gcm", 19, "One of the report's five areas: migration's contribution to sustainable development."),
        ("gcm", 21, "One of the report's five areas: orderly return and reintegration."),
        ("gcm", 23, "One of the report's five areas: governmental and governance capacities."),
        ("sdg", "10.7", "The five areas together describe safe, orderly and regular migration."),
    ],
    ("3.2", 12): [
        ("gcm", 23, "Asks for genuine multi-stakeholder cooperation instead of unilateralism."),
        ("sdg", "17.17", "Bringing in all key stakeholders: public, private and civil society partnerships."),
    ],
    ("3.2", 13): [
        ("gcm", 23, "Asks to improve existing institutions and take a long-term view of cooperation."),
    ],
    ("3.2", 14): [
        ("gcm", 23, "The GFMD as a multi-stakeholder platform for the compact's themes and good practices."),
        ("sdg", "17.17", "The GFMD is a partnership of states with civil society and the private sector."),
    ],
    ("3.2", 15): [
        ("gcm", 23, "Asks that IOM lead in the compact's process and implementation."),
        ("sdg", "10.7", "IOM's expertise in helping states manage migration well."),
    ],
    ("3.2", 16): [
        ("gcm", 5, "Asks for more opportunities for regular migration and mobility."),
        ("gcm", 23, "Asks to build on regional economic communities and regional consultative processes."),
        ("sdg", "10.7", "More regular migration and mobility, through regional and global cooperation."),
    ],
}
