"""Bilingual phrase pools the synthetic catalog is assembled from (see make_catalog.py).

Each entry is an (English, Spanish) pair of format strings over the same slots, so
both languages of a record say the same thing. Slots: {org} / {Org} (the practice's
organization, with its article), {chain}, {chain2}, {product}, {place}, {country},
{pop}, {lead}, {partner}, {members}, {families}, {year}, {year2}, {percent}, {hectares},
{volume}. The sentences are plausible but describe no real practice.
"""

from __future__ import annotations

# Kinds of organization a practice is run by (English, Spanish). All feminine in Spanish,
# so "la", "una" and "de la" agree in every sentence.
FORMS = [
    ("association", "asociación"),
    ("cooperative", "cooperativa"),
    ("network", "red"),
    ("producers' alliance", "alianza de productores"),
    ("federation", "federación"),
    ("associative enterprise", "empresa asociativa"),
    ("producer organization", "organización de productores"),
]

# Populations as sentences name them; Spanish with its article ("las mujeres").
POPULATIONS = {
    "rural-youth": ("rural young people", "los jóvenes rurales"),
    "women": ("women", "las mujeres"),
    "small-producers": ("small producers", "los pequeños productores"),
    "indigenous-peoples": ("indigenous peoples", "los pueblos indígenas"),
    "afro-descendant-communities": (
        "Afro-descendant communities",
        "las comunidades afrodescendientes",
    ),
    "former-combatants": ("former combatants", "las personas excombatientes"),
    "people-with-disabilities": ("people with disabilities", "las personas con discapacidad"),
    "victims-of-armed-conflict": (
        "victims of the armed conflict",
        "las víctimas del conflicto armado",
    ),
}

# Places per country (ISO code), with the region of the vocabulary they belong to.
PLACES = {
    "CO": (
        "andean",
        [
            "Nariño",
            "Cauca",
            "Huila",
            "Boyacá",
            "Santander",
            "Tolima",
            "Putumayo",
            "Chocó",
            "Sucre",
            "Caquetá",
            "Antioquia",
            "Quindío",
        ],
    ),
    "PE": (
        "andean",
        [
            "Cajamarca",
            "Puno",
            "Cusco",
            "San Martín",
            "Junín",
            "Piura",
            "Ayacucho",
            "Apurímac",
            "Amazonas",
            "Huánuco",
        ],
    ),
    "EC": (
        "andean",
        ["Loja", "Azuay", "Chimborazo", "Imbabura", "Manabí", "Esmeraldas", "Cotopaxi", "Bolívar"],
    ),
    "BO": (
        "andean",
        ["La Paz", "Cochabamba", "Chuquisaca", "Tarija", "Oruro", "Potosí", "Santa Cruz"],
    ),
    "GT": ("central-america", ["Huehuetenango", "Quiché", "Alta Verapaz", "San Marcos", "Sololá"]),
    "HN": ("central-america", ["Intibucá", "Lempira", "Copán", "Olancho", "La Paz"]),
    "NI": ("central-america", ["Matagalpa", "Jinotega", "Estelí", "Madriz", "Nueva Segovia"]),
    "SV": ("central-america", ["Chalatenango", "Morazán", "Ahuachapán", "Usulután"]),
    "CR": ("central-america", ["Guanacaste", "Puntarenas", "Limón"]),
    "PA": ("central-america", ["Veraguas", "Coclé", "Darién"]),
    "MX": (
        "mexico-caribbean",
        ["Oaxaca", "Chiapas", "Guanajuato", "Michoacán", "Puebla", "Yucatán", "Guerrero"],
    ),
    "DO": ("mexico-caribbean", ["Dajabón", "Monte Plata", "San Juan", "Azua"]),
    "CL": ("southern-cone", ["Araucanía", "Biobío", "Los Lagos", "Maule", "Coquimbo"]),
    "AR": ("southern-cone", ["Misiones", "Salta", "Jujuy", "Tucumán", "Chaco"]),
    "PY": ("southern-cone", ["Caaguazú", "Itapúa", "San Pedro", "Concepción"]),
    "UY": ("southern-cone", ["Tacuarembó", "Canelones", "Rivera"]),
}

# Products per value chain id; a chain missing here uses its own name.
PRODUCTS = {
    "coffee": [
        ("specialty coffee", "café especial"),
        ("roasted coffee", "café tostado"),
        ("organic coffee", "café orgánico"),
    ],
    "panela": [("powdered panela", "panela pulverizada"), ("panela blocks", "panela en bloque")],
    "cuy": [("live cuy", "cuyes vivos"), ("processed cuy", "carne de cuy procesada")],
    "dairy": [("fresh cheese", "queso fresco"), ("yoghurt", "yogur"), ("milk", "leche")],
    "quinoa": [("organic quinoa", "quinua orgánica"), ("quinoa flour", "harina de quinua")],
    "canihua": [("cañihua flour", "harina de cañihua")],
    "granadilla": [("fresh granadilla", "granadilla fresca")],
    "mango": [("fresh mango", "mango fresco"), ("dried mango", "mango deshidratado")],
    "vegetables": [
        ("organic vegetables", "hortalizas orgánicas"),
        ("vegetable baskets", "canastas de hortalizas"),
    ],
    "crafts": [
        ("woven hats", "sombreros tejidos"),
        ("ceramics", "cerámica"),
        ("tagua jewellery", "joyería en tagua"),
    ],
    "cocoa": [
        ("fine-flavour cocoa", "cacao fino de aroma"),
        ("chocolate bars", "tabletas de chocolate"),
    ],
    "honey": [("honey", "miel"), ("pollen", "polen"), ("propolis", "propóleo")],
    "lumber": [("certified timber", "madera certificada"), ("furniture", "muebles")],
    "tourism": [
        ("community lodging", "alojamiento comunitario"),
        ("guided routes", "rutas guiadas"),
    ],
    "textiles": [("uniforms", "uniformes"), ("alpaca garments", "prendas de alpaca")],
    "processed-foods": [("jams", "mermeladas"), ("dehydrated fruit", "fruta deshidratada")],
    "marine-products": [("smoked fish", "pescado ahumado"), ("seaweed", "algas")],
    "plantain": [("plantain chips", "chips de plátano"), ("plantain flour", "harina de plátano")],
}

TITLES = [
    ("{Form} of {chain} producers in {place}", "{Form} de productores de {chain} en {place}"),
    ("{Place}: selling {chain} through {a_form}", "{Place}: venta de {chain} a través de {a_form}"),
    ("{Chain} and {chain2} for {pop} in {place}", "{Chain} y {chain2} para {pop} en {place}"),
    (
        "A {chain} {form_lc} that reaches new markets from {place}",
        "{A_form} de {chain} que llega a nuevos mercados desde {place}",
    ),
    (
        "{Product} from {place}: associative work for {pop}",
        "{Product} de {place}: trabajo asociativo para {pop}",
    ),
    (
        "Rural business networks of {chain} in {place}, {country}",
        "Redes empresariales rurales de {chain} en {place}, {country}",
    ),
]

SUMMARY = [
    (
        "In {place}, {country}, {members} families joined {org} to process and sell {product} "
        "together.",
        "En {place}, {country}, {members} familias se unieron a {org} para transformar y vender "
        "{product} en conjunto.",
    ),
    (
        "{Org} brings together {members} producers of {chain} and negotiates prices with buyers "
        "as one.",
        "{Org} reúne a {members} productores de {chain} y negocia los precios con los compradores "
        "como un solo actor.",
    ),
    (
        "With support from {lead}, the practice gave {pop} in {place} a steady outlet for their "
        "{chain}.",
        "Con el apoyo de {lead}, la práctica dio a {pop} de {place} una salida estable para su "
        "producción de {chain}.",
    ),
    (
        "Since {year}, the members have shared equipment, training and a common brand for "
        "{product}.",
        "Desde {year}, los socios comparten equipos, formación y una marca común para {product}.",
    ),
    (
        "The experience shows how small producers can meet the quality that formal markets "
        "demand when they organize.",
        "La experiencia muestra cómo los pequeños productores pueden cumplir la calidad que exigen "
        "los mercados formales cuando se organizan.",
    ),
    (
        "Sales grew by {percent}% once the groups began to deliver {product} jointly.",
        "Las ventas crecieron un {percent}% cuando los grupos empezaron a entregar {product} de "
        "forma conjunta.",
    ),
]

CONTEXT = [
    (
        "{Place} is a rural area of {country} where most households depend on {chain} and "
        "{chain2}.",
        "{Place} es una zona rural de {country} donde la mayoría de los hogares vive de la "
        "producción de {chain} y de {chain2}.",
    ),
    (
        "Roads are poor and the nearest market town is several hours away, so intermediaries set "
        "the prices.",
        "Las vías son precarias y el mercado más cercano queda a varias horas, por lo que los "
        "intermediarios fijan los precios.",
    ),
    (
        "Many young people had left for the cities, and {pop} had little access to credit or "
        "technical advice.",
        "Muchos jóvenes se habían ido a las ciudades, y {pop} tenían poco acceso al crédito y a la "
        "asistencia técnica.",
    ),
    (
        "Farms are small, on average under {hectares} hectares, and production was sold "
        "individually and without added value.",
        "Las fincas son pequeñas, en promedio de menos de {hectares} hectáreas, y la producción se "
        "vendía de forma individual y sin valor agregado.",
    ),
    (
        "Earlier projects had left behind organizations that existed on paper but did not trade "
        "together.",
        "Proyectos anteriores habían dejado organizaciones que existían en el papel pero no "
        "comerciaban juntas.",
    ),
    (
        "The territory has a long tradition of community work, which made associative projects "
        "easier to start.",
        "El territorio tiene una larga tradición de trabajo comunitario, lo que facilitó el inicio "
        "de proyectos asociativos.",
    ),
]

PROBLEM = [
    (
        "Each family sold small volumes of {chain} to intermediaries at prices below the cost of "
        "production.",
        "Cada familia vendía pequeños volúmenes de {chain} a intermediarios a precios por debajo "
        "del costo de producción.",
    ),
    (
        "Without storage or processing, most of the harvest lost value within days.",
        "Sin almacenamiento ni transformación, buena parte de la cosecha perdía valor en pocos días.",
    ),
    (
        "Buyers asked for steady volumes and certified quality that no single producer could "
        "offer.",
        "Los compradores pedían volúmenes constantes y calidad certificada que ningún productor "
        "podía ofrecer por sí solo.",
    ),
    (
        "{Pop} had few chances to take part in decisions or to earn an income of their own.",
        "{Pop} tenían pocas oportunidades de participar en las decisiones o de obtener ingresos "
        "propios.",
    ),
    (
        "Public programmes reached the area irregularly and rarely matched what producers needed.",
        "Los programas públicos llegaban a la zona de forma irregular y pocas veces respondían a lo "
        "que necesitaban los productores.",
    ),
]

SOLUTION = [
    (
        "The producers created {org}, which collects, grades and sells {product} under one "
        "contract.",
        "Los productores crearon {org}, que acopia, clasifica y vende {product} bajo un solo "
        "contrato.",
    ),
    (
        "{Lead} trained local leaders in bookkeeping, governance and quality control for {chain}.",
        "{Lead} formó a líderes locales en contabilidad, gobernanza y control de calidad para la "
        "cadena de {chain}.",
    ),
    (
        "A revolving fund, managed by the members, finances inputs at the start of each season.",
        "Un fondo rotatorio, administrado por los socios, financia los insumos al inicio de cada "
        "temporada.",
    ),
    (
        "The groups built a shared processing plant and agreed on common standards for {product}.",
        "Los grupos construyeron una planta de transformación compartida y acordaron estándares "
        "comunes para {product}.",
    ),
    (
        "Learning visits between farms let producers copy the practices that worked best.",
        "Las visitas de aprendizaje entre fincas permitieron a los productores replicar las "
        "prácticas que mejor funcionaban.",
    ),
    (
        "With {partner}, the practice signed supply agreements with supermarkets and schools in "
        "the region.",
        "Con {partner}, la práctica firmó acuerdos de suministro con supermercados y colegios de la "
        "región.",
    ),
]

RESULTS = [
    (
        "By {year2}, {org} sold {volume} tonnes of {product} a year.",
        "Para {year2}, {org} vendía {volume} toneladas de {product} al año.",
    ),
    (
        "Member incomes rose by about {percent}%, and {families} families joined after the first "
        "harvest.",
        "Los ingresos de los socios aumentaron cerca de un {percent}%, y {families} familias se "
        "sumaron después de la primera cosecha.",
    ),
    (
        "Women now hold half of the seats on the board.",
        "Las mujeres ocupan hoy la mitad de los puestos de la junta directiva.",
    ),
    (
        "The organization became a reference for other producers of {chain} in {country}.",
        "La organización se convirtió en un referente para otros productores de {chain} en "
        "{country}.",
    ),
    (
        "Losses after harvest fell sharply thanks to shared storage.",
        "Las pérdidas poscosecha se redujeron de manera notable gracias al almacenamiento "
        "compartido.",
    ),
]

OBJECTIVES = [
    (
        "Raise the income of producers of {chain} in {place}.",
        "Aumentar los ingresos de los productores de {chain} en {place}.",
    ),
    ("Strengthen the governance of {org}.", "Fortalecer la gobernanza de {org}."),
    ("Open formal markets for {product}.", "Abrir mercados formales para {product}."),
    (
        "Improve the quality and traceability of the harvest.",
        "Mejorar la calidad y la trazabilidad de la cosecha.",
    ),
    (
        "Involve {pop} in the decisions of the organization.",
        "Involucrar a {pop} en las decisiones de la organización.",
    ),
]

PHASES = [
    (
        "Diagnosis",
        "Diagnóstico",
        "Producers and {lead} mapped the needs of {chain} in {place}.",
        "Los productores y {lead} identificaron las necesidades de la cadena de {chain} en "
        "{place}.",
    ),
    (
        "Organization",
        "Organización",
        "The families founded {org} and elected a board.",
        "Las familias fundaron {org} y eligieron una junta directiva.",
    ),
    (
        "Investment",
        "Inversión",
        "The first shared equipment for {product} was bought.",
        "Se compraron los primeros equipos compartidos para {product}.",
    ),
    (
        "Market entry",
        "Entrada al mercado",
        "The first joint sales contract was signed.",
        "Se firmó el primer contrato de venta conjunta.",
    ),
    (
        "Scaling up",
        "Escalamiento",
        "New groups from {country} joined the practice.",
        "Nuevos grupos de {country} se sumaron a la práctica.",
    ),
]

INNOVATIONS = [  # innovation factors and lessons: title, text (en, es)
    (
        "Collective marketing",
        "Comercialización colectiva",
        "Selling together gave the producers volume and bargaining power.",
        "Vender en conjunto dio a los productores volumen y poder de negociación.",
    ),
    (
        "Local trainers",
        "Formadores locales",
        "Experienced members train newcomers in their own language.",
        "Los socios con experiencia forman a los nuevos en su propia lengua.",
    ),
    (
        "Quality rules agreed by all",
        "Reglas de calidad acordadas por todos",
        "Members set and check their own quality standards for {product}.",
        "Los socios fijan y verifican sus propios estándares de calidad para {product}.",
    ),
    (
        "Alliances with buyers",
        "Alianzas con compradores",
        "Long-term agreements with buyers made income more predictable.",
        "Los acuerdos de largo plazo con compradores hicieron más previsibles los ingresos.",
    ),
    (
        "Transparent accounts",
        "Cuentas transparentes",
        "Publishing the accounts at each assembly built trust among members.",
        "Presentar las cuentas en cada asamblea generó confianza entre los socios.",
    ),
]

CHALLENGES = [  # what was not achieved or still threatens the practice
    (
        "Access to credit",
        "Acceso al crédito",
        "Credit for working capital is still scarce and expensive.",
        "El crédito para capital de trabajo sigue siendo escaso y costoso.",
    ),
    (
        "Generational change",
        "Relevo generacional",
        "Few young people stay in {place}, which threatens continuity.",
        "Pocos jóvenes se quedan en {place}, lo que pone en riesgo la continuidad.",
    ),
    (
        "Climate variability",
        "Variabilidad climática",
        "Droughts and heavy rains disrupt production of {chain} more often.",
        "Las sequías y las lluvias intensas afectan cada vez más la producción de {chain}.",
    ),
    (
        "Dependence on a few buyers",
        "Dependencia de pocos compradores",
        "Most sales still go to two buyers, who can change their terms at short notice.",
        "La mayor parte de las ventas sigue yendo a dos compradores, que pueden cambiar sus "
        "condiciones con poco aviso.",
    ),
    (
        "Informal sales",
        "Ventas informales",
        "Some members still sell {product} on their own when prices rise, which weakens the "
        "contracts.",
        "Algunos socios aún venden {product} por su cuenta cuando suben los precios, lo que "
        "debilita los contratos.",
    ),
]

FACTORS = [  # success factors: id, title, text, enabling factors, lessons
    (
        "shared-processing",
        ("Shared processing", "Transformación compartida"),
        (
            "A common plant adds value to {product} close to the farms.",
            "Una planta común agrega valor a {product} cerca de las fincas.",
        ),
        [
            ("Land lent by the municipality.", "Un terreno cedido por el municipio."),
            ("Members' labour in the construction.", "La mano de obra de los socios en la obra."),
        ],
        [
            (
                "Processing near the farm keeps more of the value in {place}.",
                "Transformar cerca de la finca deja más valor en {place}.",
            )
        ],
    ),
    (
        "revolving-fund",
        ("A revolving fund", "Un fondo rotatorio"),
        (
            "Members lend to each other for inputs and repay after the harvest.",
            "Los socios se prestan entre sí para insumos y devuelven después de la cosecha.",
        ),
        [
            ("Clear repayment rules.", "Reglas claras de pago."),
            ("Small first loans.", "Préstamos iniciales pequeños."),
        ],
        [
            (
                "Trust grows when the rules are simple and the same for everyone.",
                "La confianza crece cuando las reglas son simples e iguales para todos.",
            )
        ],
    ),
    (
        "peer-learning",
        ("Learning between peers", "Aprendizaje entre pares"),
        (
            "Producers visit each other's farms to learn what works.",
            "Los productores visitan las fincas de otros para aprender lo que funciona.",
        ),
        [
            ("Support from {lead}.", "El apoyo de {lead}."),
            ("Time set aside after each harvest.", "Tiempo reservado después de cada cosecha."),
        ],
        [
            (
                "Seeing a neighbour succeed convinces more than a manual.",
                "Ver el éxito de un vecino convence más que un manual.",
            )
        ],
    ),
    (
        "market-contracts",
        ("Stable contracts", "Contratos estables"),
        (
            "Yearly contracts with buyers give a floor price for {chain}.",
            "Los contratos anuales con compradores dan un precio mínimo para {chain}.",
        ),
        [
            ("Consistent quality.", "Calidad constante."),
            (
                "A negotiating team chosen by the assembly.",
                "Un equipo negociador elegido por la asamblea.",
            ),
        ],
        [
            (
                "Buyers value reliability as much as price.",
                "Los compradores valoran la confiabilidad tanto como el precio.",
            )
        ],
    ),
]

STORIES = [
    (
        "The women's group of {place}",
        "El grupo de mujeres de {place}",
        "The group began by selling {product} at the Sunday market and now supplies two shops in "
        "the capital.",
        "El grupo empezó vendiendo {product} en el mercado dominical y hoy abastece a dos tiendas "
        "de la capital.",
    ),
    (
        "A school that buys locally",
        "Un colegio que compra en la zona",
        "A rural school in {place} now buys {product} from the members for its meals.",
        "Un colegio rural de {place} compra hoy {product} a los socios para su alimentación "
        "escolar.",
    ),
]

OFFER = [
    (
        "Learning routes to {place} to see the collection, processing and sale of {product}.",
        "Rutas de aprendizaje a {place} para conocer el acopio, la transformación y la venta de "
        "{product}.",
    ),
    (
        "Technical assistance from local trainers on governance of producer organizations.",
        "Asistencia técnica de formadores locales sobre gobernanza de organizaciones de "
        "productores.",
    ),
    (
        "Virtual sessions on how the revolving fund is run.",
        "Sesiones virtuales sobre cómo se administra el fondo rotatorio.",
    ),
]

PROSPECTS = [
    (
        "The members plan to certify {product} and export part of the harvest.",
        "Los socios planean certificar {product} y exportar parte de la cosecha.",
    ),
    (
        "{Org} wants to add {chain2} to its services.",
        "{Org} quiere sumar {chain2} a sus servicios.",
    ),
]

VALUE_ADDED = [
    (
        "A tested way to organize producers of {chain} that others can adapt.",
        "Una forma probada de organizar a productores de {chain} que otros pueden adaptar.",
    ),
    (
        "Links between producers, local government and buyers.",
        "Vínculos entre productores, gobierno local y compradores.",
    ),
    (
        "Public recognition of rural producers as businesses.",
        "Reconocimiento público de los productores rurales como empresas.",
    ),
    (
        "Work towards decent jobs and less rural poverty.",
        "Un aporte al trabajo decente y a la reducción de la pobreza rural.",
    ),
    ("A focus on {pop}.", "Un enfoque en {pop}."),
]

FIGURES = [  # unit en, unit es, label en, label es, low, high
    ("families", "familias", "Families taking part", "Familias participantes", 20, 2000),
    ("producers", "productores", "Producers organized", "Productores organizados", 15, 3000),
    (
        "tonnes per year",
        "toneladas al año",
        "Volume of {product} sold",
        "Volumen de {product} vendido",
        5,
        900,
    ),
    (
        "hectares",
        "hectáreas",
        "Area under improved practices",
        "Superficie con prácticas mejoradas",
        10,
        5000,
    ),
    ("jobs", "empleos", "Jobs created", "Empleos generados", 5, 800),
    ("people", "personas", "People trained", "Personas formadas", 10, 1500),
]

BENEFICIARIES = [
    ("Producer families", "Familias productoras"),
    ("Women producers", "Mujeres productoras"),
    ("Young people trained", "Jóvenes formados"),
    ("Member organizations", "Organizaciones socias"),
]

METHODOLOGIES = [  # id, title en, title es, modules (id, en, es)
    (
        "learning-routes-kit",
        "Learning routes for producer organizations",
        "Rutas de aprendizaje para organizaciones de productores",
        [
            ("planning", "Planning the route", "Planificación de la ruta"),
            ("hosting", "Hosting visitors", "Recepción de visitantes"),
            ("follow-up", "Follow-up plans", "Planes de seguimiento"),
        ],
    ),
    (
        "associative-business-plans",
        "Associative business plans",
        "Planes de negocio asociativos",
        [
            ("diagnosis", "Market diagnosis", "Diagnóstico de mercado"),
            ("costing", "Costs and prices", "Costos y precios"),
            ("investment", "Investment plan", "Plan de inversión"),
            ("governance", "Governance rules", "Reglas de gobernanza"),
        ],
    ),
    (
        "field-schools-value-chains",
        "Field schools for value chains",
        "Escuelas de campo para cadenas de valor",
        [
            ("soil", "Soil and water", "Suelo y agua"),
            ("harvest", "Harvest and storage", "Cosecha y almacenamiento"),
        ],
    ),
    (
        "cooperative-governance-toolkit",
        "Cooperative governance toolkit",
        "Caja de herramientas de gobernanza cooperativa",
        [
            ("assemblies", "Assemblies that decide", "Asambleas que deciden"),
            ("accounts", "Accounts members can read", "Cuentas que los socios entienden"),
            ("succession", "Leadership succession", "Relevo de liderazgos"),
        ],
    ),
    (
        "participatory-market-mapping",
        "Participatory market mapping",
        "Mapeo participativo de mercados",
        [
            ("actors", "Mapping the actors", "Mapa de actores"),
            ("margins", "Margins along the chain", "Márgenes a lo largo de la cadena"),
        ],
    ),
    (
        "rural-savings-groups",
        "Savings groups for rural women",
        "Grupos de ahorro para mujeres rurales",
        [
            ("rules", "Group rules", "Reglas del grupo"),
            ("loans", "First loans", "Primeros préstamos"),
            ("records", "Keeping records", "Registro de las cuentas"),
        ],
    ),
]
