"""Spanish versions of the reference content in roundtables/content.py.

These are the portal editors' own, unofficial Spanish translations (the fixtures flag them as
unofficial). Frameworks, instruments and organisations that have an official Spanish name are
given that name and its Spanish acronym. Keys are those of roundtables/content.py.
"""

LANGUAGE = "es"

COUNTRIES = {
    "ARG": "Argentina",
    "BGD": "Bangladesh",
    "CAN": "Canadá",
    "ETH": "Etiopía",
    "IRQ": "Iraq",
    "MAR": "Marruecos",
    "MEX": "México",
    "PHL": "Filipinas",
    "PRT": "Portugal",
    "SWE": "Suecia",
}

SUMMIT = {
    "title": "Novena Cumbre del FMMD",
    "city": "Daca",
}

SESSION = {
    "title": "Gobernanza de la migración y el desarrollo",
    "introduction": (
        "El tercer conjunto de mesas redondas se dedicó a la gobernanza de la migración y el desarrollo. "
        "Partiendo de las crisis de desplazamiento en curso, las mesas redondas examinaron (i) cómo puede "
        "mejorarse la protección de las mujeres y los hombres migrantes en situaciones de crisis y (ii) cómo "
        "podrían mejorarse las instituciones y los procesos existentes que rigen la migración para que la "
        "acción colectiva en favor de una migración segura, ordenada y regular sea más eficaz."
    ),
}

THEMES = {
    "crises-and-displacement": (
        "Migrantes en situaciones de crisis y desplazamiento",
        "Protección y asistencia a los migrantes atrapados en conflictos, desastres y otras crisis, y "
        "prevención del desplazamiento forzoso.",
    ),
    "climate-and-disasters": (
        "Cambio climático y desastres",
        "Movimientos vinculados a los desastres naturales, la degradación ambiental y el cambio climático.",
    ),
    "labour-mobility": (
        "Movilidad laboral y vías de migración regular",
        "Canales regulares para desplazarse por motivos de trabajo, en todos los niveles de cualificación, "
        "de estudio y de reunificación familiar.",
    ),
    "irregular-migration": (
        "Migración irregular y gestión de fronteras",
        "Reducción de la migración irregular y gestión de las fronteras con respeto de los derechos de los migrantes.",
    ),
    "trafficking-and-smuggling": (
        "Trata de personas y tráfico ilícito de migrantes",
        "Prevención de la trata de personas y del tráfico ilícito de migrantes, y protección de sus víctimas.",
    ),
    "return-and-reintegration": (
        "Retorno, readmisión y reintegración",
        "Retorno y readmisión ordenados, y reintegración de los migrantes o su reubicación laboral en el extranjero.",
    ),
    "human-rights": (
        "Derechos humanos y protección",
        "Protección de los derechos humanos de todos los migrantes, independientemente de su situación "
        "migratoria, y normas que los garantizan.",
    ),
    "vulnerable-migrants": (
        "Mujeres, niños y migrantes en situación de vulnerabilidad",
        "Atención especial a las mujeres, los niños y los migrantes expuestos a la explotación y los abusos.",
    ),
    "migration-and-development": (
        "Migración y desarrollo",
        "La contribución de la migración al desarrollo sostenible: reducción de costos, participación de la "
        "diáspora y prosperidad compartida.",
    ),
    "integration-and-inclusion": (
        "Integración e inclusión social",
        "Inclusión de los migrantes en las sociedades de acogida, acceso a la salud y la educación, y lucha "
        "contra la discriminación y la xenofobia.",
    ),
    "governance-and-institutions": (
        "Gobernanza e instituciones",
        "Instituciones, normas y procesos que rigen la migración a nivel local, nacional, regional y mundial.",
    ),
    "global-compact": (
        "Proceso del Pacto Mundial",
        "Preparación, consultas y negociación del pacto mundial para una migración segura, ordenada y regular.",
    ),
    "partnerships": (
        "Alianzas y cooperación entre múltiples partes interesadas",
        "Cooperación entre los Estados y con el sector privado, la sociedad civil, los migrantes y las "
        "organizaciones internacionales.",
    ),
}

ACTORS = {
    "states": ("Estados", "Gobiernos de los países de origen, tránsito y destino."),
    "iom": (
        "Organización Internacional para las Migraciones (OIM)",
        "El organismo de las Naciones Unidas para la migración.",
    ),
    "united-nations": (
        "Sistema de las Naciones Unidas",
        "Las Naciones Unidas, su Secretario General y sus órganos.",
    ),
    "gfmd": (
        "Foro Mundial sobre Migración y Desarrollo",
        "El FMMD como plataforma dirigida por los Estados y abierta a múltiples partes interesadas.",
    ),
    "regional-processes": (
        "Procesos regionales",
        "Comunidades económicas regionales y procesos consultivos regionales sobre migración.",
    ),
    "civil-society": (
        "Sociedad civil",
        "Organizaciones no gubernamentales, asociaciones de migrantes y grupos de la diáspora.",
    ),
    "private-sector": ("Sector privado", "Empleadores y empresas."),
    "all-stakeholders": (
        "Todas las partes interesadas",
        "Todos los actores con interés en la gobernanza de la migración.",
    ),
}

FRAMEWORKS = {
    "sdgs": {
        "name": "Agenda 2030 para el Desarrollo Sostenible y sus Objetivos de Desarrollo Sostenible",
        "short_name": "ODS",
        "description": (
            "La Agenda 2030 de las Naciones Unidas, aprobada en septiembre de 2015; su meta 10.7 pide facilitar "
            "la migración ordenada, segura, regular y responsable."
        ),
    },
    "new-york-declaration": {
        "name": "Declaración de Nueva York para los Refugiados y los Migrantes",
        "short_name": "Declaración de Nueva York",
        "description": (
            "Aprobada por la Asamblea General de las Naciones Unidas el 19 de septiembre de 2016; en ella, los "
            "Estados se comprometieron a elaborar un pacto mundial para una migración segura, ordenada y regular."
        ),
    },
    "hld-2013-declaration": {
        "name": "Declaración del Diálogo de Alto Nivel sobre la Migración Internacional y el Desarrollo (2013)",
        "short_name": "Declaración del Diálogo de Alto Nivel de 2013",
        "description": (
            "Declaración del segundo Diálogo de Alto Nivel de las Naciones Unidas sobre la Migración "
            "Internacional y el Desarrollo, celebrado en octubre de 2013."
        ),
    },
    "iom-migof": {
        "name": "Marco de Gobernanza sobre la Migración de la OIM",
        "short_name": "MiGOF de la OIM",
        "description": (
            "Enunciado de la OIM de los principios y objetivos de una migración bien gestionada, acogido con "
            "satisfacción por su Consejo en 2015."
        ),
    },
    "iom-mcof": {
        "name": "Marco Operacional de la OIM en Situaciones de Crisis Migratoria",
        "short_name": "MCOF de la OIM",
        "description": "Marco de la OIM, aprobado en 2012, para su respuesta a las crisis migratorias.",
    },
    "berne-initiative": {
        "name": "Iniciativa de Berna: Agenda Internacional para la Gestión de la Migración",
        "short_name": "Iniciativa de Berna",
        "description": (
            "Proceso consultivo dirigido por los Estados, puesto en marcha por Suiza en 2001, que dio lugar a la "
            "Agenda Internacional para la Gestión de la Migración (2004)."
        ),
    },
    "micic-guidelines": {
        "name": "Directrices de la Iniciativa Migrantes en Países en Situaciones de Crisis (MICIC)",
        "short_name": "Directrices MICIC",
        "description": (
            "Directrices para la protección de los migrantes en países afectados por conflictos o desastres "
            "naturales, elaboradas por la Iniciativa MICIC, dirigida por los Estados (2016)."
        ),
    },
    "platform-on-disaster-displacement": {
        "name": "Plataforma sobre Desplazamiento por Desastres",
        "short_name": "Plataforma sobre Desplazamiento por Desastres",
        "description": (
            "Continuación de la Iniciativa Nansen dirigida por los Estados, puesta en marcha en 2016 para "
            "aplicar su Agenda de Protección."
        ),
    },
    "nansen-protection-agenda": {
        "name": (
            "Agenda para la Protección de las Personas Desplazadas a través de Fronteras en el Contexto de "
            "Desastres y Cambio Climático (Iniciativa Nansen)"
        ),
        "short_name": "Agenda de Protección de la Iniciativa Nansen",
        "description": (
            "Respaldada por 109 Estados en octubre de 2015; un conjunto de herramientas para proteger a las "
            "personas desplazadas a través de fronteras por desastres y por el cambio climático."
        ),
    },
    "migrant-workers-convention": {
        "name": (
            "Convención Internacional sobre la Protección de los Derechos de Todos los Trabajadores Migratorios "
            "y de sus Familiares"
        ),
        "short_name": "Convención sobre los Trabajadores Migratorios",
        "description": "Convención de las Naciones Unidas aprobada en 1990 y en vigor desde 2003.",
    },
    "global-compact-migration": {
        "name": "Pacto Mundial para la Migración Segura, Ordenada y Regular",
        "short_name": "Pacto Mundial sobre Migración",
        "description": (
            "En preparación cuando se reunieron las mesas redondas; aprobado en Marrakech en diciembre de 2018 "
            "y refrendado por la Asamblea General de las Naciones Unidas."
        ),
    },
    "srsg-sutherland-report": {
        "name": "Informe del Representante Especial del Secretario General sobre la Migración",
        "short_name": "Informe Sutherland",
        "description": (
            "Informe de Peter Sutherland, Representante Especial del Secretario General de las Naciones Unidas "
            "para la Migración Internacional (A/71/728, febrero de 2017)."
        ),
    },
}

ROUNDTABLES = {
    "2016-3-1": {
        "title": "Migrantes en situaciones de crisis: conflictos, cambio climático y desastres naturales",
    },
    "2016-3-2": {
        "title": "Principios, instituciones y procesos para una migración segura, ordenada y regular",
    },
}
