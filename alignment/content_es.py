"""Spanish versions of the reference lists in alignment/content.py.

These are the portal editors' own, unofficial Spanish versions (the fixtures flag them as
unofficial). They follow as faithfully as possible the official Spanish texts of the Global
Compact for Safe, Orderly and Regular Migration (A/RES/73/195, paragraph 16) and of the 2030
Agenda for Sustainable Development (A/RES/70/1); the short titles are the editors' own.
"""

LANGUAGE = "es"

# number -> (short title, title)
GCM_OBJECTIVES = {
    1: (
        "Datos",
        "Recopilar y utilizar datos exactos y desglosados para formular políticas con base empírica",
    ),
    2: (
        "Factores adversos",
        "Minimizar los factores adversos y estructurales que obligan a las personas a abandonar su país de origen",
    ),
    3: ("Información", "Proporcionar información exacta y oportuna en todas las etapas de la migración"),
    4: (
        "Identidad jurídica",
        "Velar por que todos los migrantes tengan pruebas de su identidad jurídica y documentación adecuada",
    ),
    5: ("Vías regulares", "Aumentar la disponibilidad y flexibilidad de las vías de migración regular"),
    6: (
        "Contratación equitativa y trabajo decente",
        "Facilitar la contratación equitativa y ética y salvaguardar las condiciones que garantizan el trabajo decente",
    ),
    7: ("Vulnerabilidades", "Abordar y reducir las vulnerabilidades en la migración"),
    8: (
        "Migrantes desaparecidos",
        "Salvar vidas y emprender iniciativas internacionales coordinadas sobre los migrantes desaparecidos",
    ),
    9: ("Tráfico ilícito de migrantes", "Reforzar la respuesta transnacional al tráfico ilícito de migrantes"),
    10: (
        "Trata de personas",
        "Prevenir, combatir y erradicar la trata de personas en el contexto de la migración internacional",
    ),
    11: ("Gestión de fronteras", "Gestionar las fronteras de manera integrada, segura y coordinada"),
    12: (
        "Verificación y derivación",
        "Aumentar la certidumbre y previsibilidad de los procedimientos migratorios para la adecuada "
        "verificación de antecedentes, evaluación y derivación",
    ),
    13: (
        "Alternativas a la detención",
        "Utilizar la detención de migrantes solo como último recurso y buscar otras alternativas",
    ),
    14: (
        "Protección consular",
        "Mejorar la protección, asistencia y cooperación consulares a lo largo de todo el ciclo migratorio",
    ),
    15: ("Servicios básicos", "Proporcionar a los migrantes acceso a servicios básicos"),
    16: (
        "Inclusión y cohesión social",
        "Empoderar a los migrantes y las sociedades para lograr la plena inclusión y la cohesión social",
    ),
    17: (
        "No discriminación",
        "Eliminar todas las formas de discriminación y promover un discurso público con base empírica para "
        "modificar las percepciones de la migración",
    ),
    18: (
        "Aptitudes",
        "Invertir en el desarrollo de aptitudes y facilitar el reconocimiento mutuo de aptitudes, "
        "cualificaciones y competencias",
    ),
    19: (
        "Diáspora y desarrollo",
        "Crear las condiciones necesarias para que los migrantes y las diásporas puedan contribuir plenamente "
        "al desarrollo sostenible en todos los países",
    ),
    20: (
        "Remesas",
        "Promover transferencias de remesas más rápidas, seguras y económicas y fomentar la inclusión "
        "financiera de los migrantes",
    ),
    21: (
        "Regreso y reintegración",
        "Colaborar para facilitar el regreso y la readmisión en condiciones de seguridad y dignidad, así como "
        "la reintegración sostenible",
    ),
    22: (
        "Portabilidad de la protección social",
        "Establecer mecanismos para la portabilidad de la seguridad social y las prestaciones adquiridas",
    ),
    23: (
        "Cooperación internacional",
        "Fortalecer la cooperación internacional y las alianzas mundiales para la migración segura, ordenada y regular",
    ),
}

SDG_GOALS = {
    3: "Garantizar una vida sana y promover el bienestar para todos en todas las edades",
    4: (
        "Garantizar una educación inclusiva, equitativa y de calidad y promover oportunidades de aprendizaje "
        "durante toda la vida para todos"
    ),
    5: "Lograr la igualdad entre los géneros y empoderar a todas las mujeres y las niñas",
    8: (
        "Promover el crecimiento económico sostenido, inclusivo y sostenible, el empleo pleno y productivo y el "
        "trabajo decente para todos"
    ),
    10: "Reducir la desigualdad en los países y entre ellos",
    13: "Adoptar medidas urgentes para combatir el cambio climático y sus efectos",
    16: (
        "Promover sociedades pacíficas e inclusivas para el desarrollo sostenible, facilitar el acceso a la "
        "justicia para todos y construir a todos los niveles instituciones eficaces e inclusivas que rindan "
        "cuentas"
    ),
    17: "Fortalecer los medios de implementación y revitalizar la Alianza Mundial para el Desarrollo Sostenible",
}

SDG_TARGETS = {
    "3.c": (
        "Aumentar considerablemente la financiación de la salud y la contratación, el perfeccionamiento, la "
        "capacitación y la retención del personal sanitario en los países en desarrollo, especialmente en los "
        "países menos adelantados y los pequeños Estados insulares en desarrollo"
    ),
    "4.b": (
        "De aquí a 2020, aumentar considerablemente a nivel mundial el número de becas disponibles para los "
        "países en desarrollo, en particular los países menos adelantados, los pequeños Estados insulares en "
        "desarrollo y los países africanos, a fin de que sus estudiantes puedan matricularse en programas de "
        "enseñanza superior, incluidos programas de formación profesional y programas técnicos, científicos, de "
        "ingeniería y de tecnología de la información y las comunicaciones, de países desarrollados y otros "
        "países en desarrollo"
    ),
    "5.2": (
        "Eliminar todas las formas de violencia contra todas las mujeres y las niñas en los ámbitos público y "
        "privado, incluidas la trata y la explotación sexual y otros tipos de explotación"
    ),
    "8.7": (
        "Adoptar medidas inmediatas y eficaces para erradicar el trabajo forzoso, poner fin a las formas "
        "contemporáneas de esclavitud y la trata de personas y asegurar la prohibición y eliminación de las "
        "peores formas de trabajo infantil, incluidos el reclutamiento y la utilización de niños soldados, y, "
        "de aquí a 2025, poner fin al trabajo infantil en todas sus formas"
    ),
    "8.8": (
        "Proteger los derechos laborales y promover un entorno de trabajo seguro y sin riesgos para todos los "
        "trabajadores, incluidos los trabajadores migrantes, en particular las mujeres migrantes y las personas "
        "con empleos precarios"
    ),
    "10.2": (
        "De aquí a 2030, potenciar y promover la inclusión social, económica y política de todas las personas, "
        "independientemente de su edad, sexo, discapacidad, raza, etnia, origen, religión o situación económica "
        "u otra condición"
    ),
    "10.7": (
        "Facilitar la migración y la movilidad ordenadas, seguras, regulares y responsables de las personas, "
        "incluso mediante la aplicación de políticas migratorias planificadas y bien gestionadas"
    ),
    "10.c": (
        "De aquí a 2030, reducir a menos del 3% los costos de transacción de las remesas de los migrantes y "
        "eliminar los corredores de remesas con un costo superior al 5%"
    ),
    "13.1": (
        "Fortalecer la resiliencia y la capacidad de adaptación a los riesgos relacionados con el clima y los "
        "desastres naturales en todos los países"
    ),
    "16.2": (
        "Poner fin al maltrato, la explotación, la trata y todas las formas de violencia y tortura contra los niños"
    ),
    "16.9": (
        "De aquí a 2030, proporcionar acceso a una identidad jurídica para todos, en particular mediante el "
        "registro de nacimientos"
    ),
    "17.17": (
        "Fomentar y promover la constitución de alianzas eficaces en las esferas pública, público-privada y de "
        "la sociedad civil, aprovechando la experiencia y las estrategias de obtención de recursos de las "
        "alianzas"
    ),
    "17.18": (
        "De aquí a 2020, mejorar el apoyo a la creación de capacidad prestado a los países en desarrollo, "
        "incluidos los países menos adelantados y los pequeños Estados insulares en desarrollo, para aumentar "
        "significativamente la disponibilidad de datos oportunos, fiables y de gran calidad desglosados por "
        "ingresos, sexo, edad, raza, origen étnico, estatus migratorio, discapacidad, ubicación geográfica y "
        "otras características pertinentes en los contextos nacionales"
    ),
}

ALIGNED_BY = "Equipo editorial del Portal de las mesas redondas del FMMD"

# The rationales of alignment/content.py's ALIGNMENTS, in the same order for each recommendation.
RATIONALES = {
    ("3.1", 1): [
        "Pide que las orientaciones sobre los migrantes atrapados en conflictos y desastres inspiren el pacto.",
        "Proteger a los migrantes en situaciones de crisis responde a una situación de vulnerabilidad aguda.",
        "Los migrantes atrapados en crisis están expuestos a la trata; las directrices MICIC incluyen medidas "
        "contra ella.",
        "Las directrices MICIC se basan en gran medida en la asistencia consular y la evacuación de nacionales "
        "en el extranjero.",
        "Pide que la cooperación mediante iniciativas dirigidas por los Estados se incorpore al pacto.",
        "La Plataforma sobre el Desplazamiento por Desastres aborda el desplazamiento causado por los desastres "
        "y el cambio climático.",
        "Salir de una situación de crisis con seguridad forma parte de una migración segura y ordenada.",
    ],
    ("3.2", 1): [
        "Pide facilitar la movilidad por trabajo, estudios y reunificación familiar: vías de migración regular.",
        "La migración laboral en todos los niveles de calificación depende del reconocimiento de las "
        "competencias de los migrantes.",
        "Las vías regulares para el trabajo, la educación y la familia facilitan la migración regular.",
        "La movilidad con fines educativos incluye los estudios en el extranjero de estudiantes de países en "
        "desarrollo.",
    ],
    ("3.2", 2): [
        "Menciona el tráfico ilícito de migrantes entre los movimientos irregulares que deben reducirse.",
        "Menciona la trata entre los movimientos irregulares que deben reducirse.",
        "Pide una gestión de fronteras con pleno respeto de los derechos humanos de los migrantes.",
        "Pide facilitar el retorno, la readmisión y la reintegración.",
        "Reducir la migración irregular es la otra cara de una migración ordenada, segura y regular.",
        "Reducir la trata contribuye a poner fin a la trata de personas y al trabajo forzoso.",
    ],
    ("3.2", 3): [
        "Pide aumentar el efecto de la migración en el desarrollo y el papel de la diáspora.",
        "Reducir los costos de la migración para los migrantes incluye el costo de enviar remesas.",
        "Menores costos para los migrantes incluyen menores costos de transacción de las remesas.",
    ],
    ("3.2", 4): [
        "Pide protección en situaciones de vulnerabilidad y de tránsito.",
        "Presta especial atención a las víctimas de la trata.",
        "Especial atención a las mujeres víctimas de explotación y abuso, incluida la trata.",
        "Especial atención a los niños víctimas de explotación, abuso y trata.",
        "Protección de las víctimas de la trata y la explotación.",
    ],
    ("3.2", 5): [
        "Aborda los movimientos causados por conflictos, desastres naturales y el cambio climático.",
        "Los migrantes que se desplazan a causa de crisis se encuentran en situación de vulnerabilidad.",
        "Aborda los movimientos vinculados a los desastres naturales y el cambio climático.",
    ],
    ("3.2", 6): [
        "Pide el acceso de los migrantes a los servicios, en especial de salud y educación.",
        "Pide promover la integración y la inclusión social.",
        "Pide combatir la discriminación y la xenofobia.",
        "La inclusión social de todas las personas, independientemente de su origen o situación.",
    ],
    ("3.2", 7): [
        "Pide mejorar la gobernanza de la migración en todos los niveles y la capacidad de las Naciones Unidas.",
        "Políticas migratorias bien gestionadas en los niveles local, nacional, regional y mundial.",
    ],
    ("3.2", 8): [
        "Las consultas inclusivas preparan la cooperación internacional sobre el pacto.",
        "Las consultas abiertas a todas las partes interesadas crean alianzas.",
    ],
    ("3.2", 9): [
        "Basarse en las normas y los marcos existentes es el fundamento de la cooperación en el marco del pacto.",
        "Aplicar las normas existentes apoya políticas migratorias planificadas y bien gestionadas.",
    ],
    ("3.2", 10): [
        "Los principios de la Convención sobre los trabajadores migratorios se refieren al trabajo decente y a "
        "los derechos de los trabajadores migrantes.",
        "La Convención establece el derecho de los trabajadores migratorios a la seguridad social.",
        "Proteger los derechos laborales de los trabajadores migrantes.",
    ],
    ("3.2", 11): [
        "Una de las cinco áreas del informe: más oportunidades de movilidad laboral.",
        "Una de las cinco áreas del informe: la protección de los derechos de los migrantes, también en "
        "situaciones de crisis.",
        "Una de las cinco áreas del informe: la contribución de la migración al desarrollo sostenible.",
        "Una de las cinco áreas del informe: el retorno y la reintegración ordenados.",
        "Una de las cinco áreas del informe: las capacidades de los gobiernos y de la gobernanza.",
        "En conjunto, las cinco áreas describen una migración segura, ordenada y regular.",
    ],
    ("3.2", 12): [
        "Pide una verdadera cooperación entre múltiples partes interesadas en lugar del unilateralismo.",
        "Incorporar a todas las partes interesadas clave: alianzas públicas, público-privadas y con la sociedad civil.",
    ],
    ("3.2", 13): [
        "Pide mejorar las instituciones existentes y adoptar una visión de largo plazo de la cooperación.",
    ],
    ("3.2", 14): [
        "El FMMD como plataforma de múltiples partes interesadas para los temas y las buenas prácticas del pacto.",
        "El FMMD es una alianza de los Estados con la sociedad civil y el sector privado.",
    ],
    ("3.2", 15): [
        "Pide que la OIM lidere el proceso del pacto y su aplicación.",
        "La experiencia de la OIM para ayudar a los Estados a gestionar bien la migración.",
    ],
    ("3.2", 16): [
        "Pide más oportunidades de migración regular y movilidad.",
        "Pide basarse en las comunidades económicas regionales y los procesos consultivos regionales.",
        "Más migración regular y movilidad, mediante la cooperación regional y mundial.",
    ],
}
