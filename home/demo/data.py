"""The demo content: German pages and articles, with English translations for some. Body blocks are
(block_type, value) tuples, as a StreamField takes them; home/demo/builder.py builds the site from them."""


def paragraph(html):
    return ("paragraph", html)


def heading(text, anchor="", level="h2"):
    return ("heading", {"text": text, "level": level, "anchor": anchor})


# The page tree: the home page, the article list and the legal pages of the footer.
HOME = {
    "tagline": "Bürodienstleister schreiben für Dienstleister und Unternehmen",
    "intro": (
        "Sekretariats-, Telefon- und Buchhaltungsdienste schreiben hier aus ihrem Alltag: über Kunden, Preise, "
        "Datenschutz und gute Zusammenarbeit."
    ),
    "en": {
        "title": "The office services blog",
        "tagline": "Office service providers write for service providers and businesses",
        "intro": (
            "Secretarial, telephone and bookkeeping services write about their daily work: clients, prices, "
            "data protection and working well together."
        ),
    },
}
BLOG_INDEX = {
    "title": "Artikel",
    "slug": "artikel",
    "intro": "Alle Beiträge, die neuesten zuerst.",
    "en": {"title": "Articles", "slug": "articles", "intro": "All articles, newest first."},
}
PLACEHOLDER_NOTE = (
    "<p><b>Platzhalter:</b> Dieser Text ist ein Platzhalter für die Demo-Inhalte und muss vor dem Start der Website "
    "durch den rechtlich geprüften Text ersetzt werden.</p>"
)
PLACEHOLDER_NOTE_EN = (
    "<p><b>Placeholder:</b> This text is a placeholder for the demo content and must be replaced by the legally "
    "reviewed text before the site goes live.</p>"
)
POSTAL_ADDRESS = "<p>Musterbüro GmbH<br/>Musterstraße 1<br/>12345 Musterstadt</p>"
IMPRINT = {
    "title": "Impressum",
    "slug": "impressum",
    "body": [
        paragraph(PLACEHOLDER_NOTE),
        heading("Angaben gemäß § 5 DDG"),
        paragraph(POSTAL_ADDRESS),
        heading("Kontakt"),
        paragraph("<p>E-Mail: redaktion@example.org</p>"),
    ],
    "en": {
        "title": "Legal notice",
        "slug": "legal-notice",
        "body": [
            paragraph(PLACEHOLDER_NOTE_EN),
            heading("Information according to § 5 DDG"),
            paragraph(POSTAL_ADDRESS),
            heading("Contact"),
            paragraph("<p>E-mail: redaktion@example.org</p>"),
        ],
    },
}
PRIVACY = {
    "title": "Datenschutzerklärung",
    "slug": "datenschutz",
    "body": [
        paragraph(PLACEHOLDER_NOTE),
        heading("Kommentare", anchor="kommentare"),
        paragraph(
            "<p>Wenn Sie einen Kommentar schreiben, speichern wir Ihren Namen, Ihre E-Mail-Adresse, Ihre Website und "
            "Ihren Text. Ihre IP-Adresse speichern wir nur gekürzt und löschen sie nach sieben Tagen.</p>",
        ),
        heading("reCAPTCHA", anchor="recaptcha"),
        paragraph(
            "<p>Zum Schutz vor Spam nutzt das Kommentarformular Google reCAPTCHA. Es wird erst geladen, wenn Sie "
            "beginnen, einen Kommentar zu schreiben.</p>",
        ),
    ],
    "en": {
        "title": "Privacy policy",
        "slug": "privacy",
        "body": [
            paragraph(PLACEHOLDER_NOTE_EN),
            heading("Comments", anchor="kommentare"),
            paragraph(
                "<p>When you write a comment, we store your name, your e-mail address, your website and your text. "
                "We store your IP address only shortened and delete it after seven days.</p>",
            ),
            heading("reCAPTCHA", anchor="recaptcha"),
            paragraph(
                "<p>To protect against spam, the comment form uses Google reCAPTCHA. It is loaded only when you start "
                "writing a comment.</p>",
            ),
        ],
    },
}

AUTHORS = [
    {
        "key": "sabine",
        "name": "Sabine Krüger",
        "bio": (
            "Sabine Krüger führt seit 2008 einen Büroservice mit Telefon- und Schreibservice für Handwerksbetriebe, "
            "Arztpraxen und Kanzleien. Im Blog schreibt sie über den Alltag mit Kunden und das Arbeiten auf Distanz."
        ),
        "bio_en": (
            "Sabine Krüger has run an office service offering telephone answering and typing for tradespeople, "
            "medical practices and law firms since 2008. On the blog she writes about everyday life with clients and "
            "working remotely."
        ),
    },
    {
        "key": "thomas",
        "name": "Thomas Becker",
        "bio": (
            "Thomas Becker ist selbstständiger Buchhalter und virtueller Assistent. Er unterstützt Gründerinnen und "
            "Gründer im Büroservice bei Kalkulation, Akquise und Datenschutz."
        ),
        "bio_en": (
            "Thomas Becker is a self-employed bookkeeper and virtual assistant. He helps people setting up in office "
            "services with pricing, client acquisition and data protection."
        ),
    },
]

CATEGORIES = [
    {
        "slug": "kundenbeziehung",
        "name": "Kundenbeziehung",
        "description": (
            "Wie Bürodienstleister gute Beziehungen zu ihren Kunden aufbauen, pflegen und auch schwierige Situationen "
            "meistern."
        ),
        "slug_en": "client-relations",
        "name_en": "Client relations",
        "description_en": (
            "How office service providers build and maintain good relationships with their clients – and handle "
            "difficult situations."
        ),
    },
    {
        "slug": "bueroalltag",
        "name": "Büroalltag",
        "description": "Praktische Tipps für Organisation, Datenschutz und Zusammenarbeit im täglichen Büroservice.",
        "slug_en": "office-life",
        "name_en": "Office life",
        "description_en": (
            "Practical tips on organisation, data protection and collaboration in day-to-day office services."
        ),
    },
    {
        "slug": "selbststaendigkeit",
        "name": "Selbstständigkeit",
        "description": "Kalkulation, Akquise und Recht: was Sie als selbstständiger Bürodienstleister wissen sollten.",
        "slug_en": "self-employment",
        "name_en": "Self-employment",
        "description_en": (
            "Pricing, client acquisition and legal matters: what you should know as a self-employed office service "
            "provider."
        ),
    },
    {
        "slug": "telefonservice",
        "name": "Telefonservice",
        "description": "Rund um Anrufannahme, Erreichbarkeit und professionelles Telefonieren im Auftrag Ihrer Kunden.",
        "slug_en": "telephone-service",
        "name_en": "Telephone service",
        "description_en": (
            "All about call handling, availability and answering the phone professionally on behalf of your clients."
        ),
    },
]

TAGS = [
    {"slug": "kommunikation", "name": "Kommunikation", "slug_en": "communication", "name_en": "Communication"},
    {"slug": "kunden", "name": "Kunden", "slug_en": "clients", "name_en": "Clients"},
    {"slug": "wertschaetzung", "name": "Wertschätzung", "slug_en": "appreciation", "name_en": "Appreciation"},
    {
        "slug": "telefonservice",
        "name": "Telefonservice",
        "slug_en": "telephone-service",
        "name_en": "Telephone service",
    },
    {"slug": "preise", "name": "Preise", "slug_en": "pricing", "name_en": "Pricing"},
    {"slug": "zeitmanagement", "name": "Zeitmanagement", "slug_en": "time-management", "name_en": "Time management"},
    {"slug": "datenschutz", "name": "Datenschutz", "slug_en": "data-protection", "name_en": "Data protection"},
    {"slug": "akquise", "name": "Akquise", "slug_en": "client-acquisition", "name_en": "Client acquisition"},
    {"slug": "homeoffice", "name": "Homeoffice", "slug_en": "working-from-home", "name_en": "Working from home"},
]

ARTICLES = [
    {
        "slug": "muss-man-seine-kunden-lieben",
        "header_image_alt": "Illustration: sechs helle Ringe auf dunkelblauem Grund",
        "title": "Muss man seine Kunden lieben?",
        "intro": (
            "Müssen Dienstleister ihre Kunden mögen? Über Wertschätzung, unbewusste Kommunikation und gute "
            "Zusammenarbeit."
        ),
        "date": "2019-03-15",
        "author": "sabine",
        "categories": ["kundenbeziehung"],
        "tags": ["kommunikation", "kunden", "wertschaetzung"],
        "body": [
            paragraph(
                "<p>In einem Newsletter wurde neulich diese Frage gestellt und gleich ein Coaching-Angebot "
                "drangehängt. Ich habe den „Verkaufs-Letter“ gleich gelöscht, doch so ganz lässt mich die Frage "
                "nicht in Ruhe.</p>"
            ),
            heading("Müssen Dienstleister ihre Kunden mögen?"),
            paragraph(
                "<p>Gerade bei Bürodienstleistungen ist das Verhältnis zu den Kunden oder zu den Personen, mit "
                "denen man beim Kunden zusammenarbeitet, oft recht persönlich. Sicher ist es förderlich wenn „die "
                "Chemie stimmt“, was sicher nicht immer ganz einfach ist. In Büros menschelt es eben häufig. Wenn "
                "ein Bürodienstleister mit seinem Kunden auf einer Wellenlänge liegt, ist die Arbeit oft ist ein "
                "reines Vergnügen.<br/>Doch klagen viele Dienstleister, dass ihre Kunden ihnen den letzten Nerv "
                "rauben, schlecht zahlen, Rechnungen kürzen und vieles dergleichen mehr.</p>"
            ),
            heading("Kommunikation ist keine Einbahnstraße"),
            paragraph(
                "<p>Manchmal liegt dies sicher mit an der unbewussten Kommunikation. Auch wenn man sich "
                "vordergründig Mühe gibt, einen freundlichen Umgangston zu pflegen – die unbewusste Kommunikation "
                "kann man nicht verbergen, genauso wie man nicht „nicht kommunizieren“ kann. Das Gegenüber spürt "
                "diese Spannungen und reagiert, meist ebenfalls unbewusst, entsprechend. Der Erfolg der "
                "Zusammenarbeit wird sich in Grenzen halten. Gründe gibt es viele: Finanzieller Druck, Zeitdruck, "
                "Über- oder Unterforderung des Dienstleisters, Unverständnis für Entscheidungen und "
                "Handlungsweisen seitens des Auftraggebers, schlechte Arbeitsbedingungen, und vieles mehr.</p>"
            ),
            heading("Eine wertschätzende Einstellung gewinnen"),
            paragraph(
                "<p>Dennoch ist es nicht unbedingt notwendig, seine Kunden direkt zu lieben. Allerdings halte ich "
                "es für unabdingbar, das man seine Kunden und seinen Job, den man dort macht, wertschätzt.</p>"
            ),
            paragraph(
                "<p>Versuchen Sie bei einer negativen Einstellung Abhilfe zu schaffen. Versetzen Sie sich geistig "
                "in die Lage des Kunden:<br/>Seine Herkunft, seine Branche, seine Stellung innerhalb seines "
                "Umfelds; und setzen Sie sich mit seinen Aufgaben und Problemen auseinander. Schauen Sie genauer "
                "hin und hinterfragen Sie manche Dinge einfach mal.</p>"
            ),
            paragraph(
                "<p>Vielleicht hat Ihr Kunde ja auch ganz andere Probleme, z. B. private oder gesundheitliche, "
                "die sein Verhalten beeinflussen. Das Verständnis für den Kunden wird sich nach einer solchen "
                "Reflexion sicher verbessern. Durch die Änderung der inneren Einstellung und die entsprechend "
                "veränderte unbewusste Kommunikation wird sich auch das persönliche Verhältnis bessern.</p>"
            ),
            (
                "callout",
                {
                    "title": "Fazit",
                    "text": (
                        "<p>Man muss nicht jeden Kunden wirklich lieben, aber ein gewisses Maß an Wertschätzung und "
                        "Verständnis ist für eine gute Zusammenarbeit enorm wichtig. Eine negative innere Einstellung "
                        "ist nicht gegeben, man kann sie durchaus beeinflussen.</p>"
                    ),
                },
            ),
        ],
        "en": {
            "slug": "do-you-have-to-love-your-clients",
            "header_image_alt": "Illustration: six light rings on a dark blue background",
            "title": "Do you have to love your clients?",
            "intro": (
                "Do service providers have to like their clients? On appreciation, unconscious communication and "
                "working well together."
            ),
            "body": [
                paragraph(
                    "<p>A newsletter recently posed this question – and promptly tacked a coaching offer onto it. "
                    "I deleted the ‘sales letter’ straight away, yet the question won’t quite leave me alone.</p>"
                ),
                heading("Do service providers have to like their clients?"),
                paragraph(
                    "<p>In office services in particular, the relationship with clients – or with the people you "
                    "work with at the client’s – is often quite personal. It certainly helps if ‘the chemistry is "
                    "right’, which is not always easy. Offices are, after all, very human places. When an office "
                    "service provider is on the same wavelength as their client, the work is often a real "
                    "pleasure.<br/>Yet many service providers complain that their clients drive them up the wall, "
                    "pay poorly, cut invoices and much more besides.</p>"
                ),
                heading("Communication is not a one-way street"),
                paragraph(
                    "<p>Sometimes this is surely partly down to unconscious communication. Even if you make an "
                    "effort on the surface to keep a friendly tone, you cannot hide unconscious communication, "
                    "just as you cannot ‘not communicate’. The other person senses these tensions and reacts "
                    "accordingly, usually unconsciously as well. The collaboration will only ever be so "
                    "successful. There are many reasons: financial pressure, time pressure, the service provider "
                    "being over- or under-challenged, a lack of understanding for the client’s decisions and ways "
                    "of doing things, poor working conditions and much more.</p>"
                ),
                heading("Developing an appreciative attitude"),
                paragraph(
                    "<p>Even so, it is not strictly necessary to actually love your clients. However, I consider "
                    "it essential to value your clients and the job you do for them.</p>"
                ),
                paragraph(
                    "<p>If your attitude is negative, try to remedy it. Put yourself in your client’s "
                    "shoes:<br/>their background, their industry, their position within their environment; and "
                    "engage with their tasks and problems. Take a closer look and simply question a few "
                    "things.</p>"
                ),
                paragraph(
                    "<p>Perhaps your client also has entirely different problems, such as private or health "
                    "issues, that affect their behaviour. After reflecting in this way, you will certainly "
                    "understand your client better. Changing your inner attitude, and with it your unconscious "
                    "communication, will also improve your personal relationship.</p>"
                ),
                (
                    "callout",
                    {
                        "title": "Conclusion",
                        "text": (
                            "<p>You don’t have to truly love every client, but a certain degree of appreciation and "
                            "understanding is enormously important for a good working relationship. A negative inner "
                            "attitude is not a given – you can certainly influence it.</p>"
                        ),
                    },
                ),
            ],
        },
    },
    {
        "slug": "stundensatz-richtig-kalkulieren",
        "header_image_alt": "Illustration: sechs helle Ringe auf braunem Grund",
        "title": "Stundensatz richtig kalkulieren: Was Ihre Arbeit wirklich kosten muss",
        "intro": (
            "Viele Bürodienstleister setzen ihren Stundensatz zu niedrig an. Mit einer einfachen Rechnung finden Sie "
            "heraus, welchen Preis Sie mindestens verlangen müssen – und wie Sie ihn selbstbewusst vertreten."
        ),
        "date": "2024-02-20",
        "author": "thomas",
        "categories": ["selbststaendigkeit"],
        "tags": ["preise", "kunden"],
        "body": [
            paragraph(
                "<p>„Was nehmen Sie denn so pro Stunde?“ Diese Frage hört jeder Bürodienstleister früher oder "
                "später. Wer dann spontan eine Zahl nennt, die sich am Stundenlohn einer angestellten Bürokraft "
                "orientiert, hat schon verloren. Denn von Ihrem Stundensatz müssen Sie weit mehr bezahlen als nur "
                "Ihren Lebensunterhalt.</p>"
            ),
            heading("Warum der Vergleich mit dem Angestelltengehalt hinkt"),
            paragraph(
                "<p>Eine angestellte Sekretärin erhält ihr Gehalt auch im Urlaub, an Feiertagen und wenn sie "
                "krank ist. Ihr Arbeitgeber zahlt rund die Hälfte der Sozialversicherungsbeiträge und stellt "
                "Büro, Rechner und Software. Als Selbstständige tragen Sie all das selbst. Hinzu kommt, dass Sie "
                "längst nicht jede Arbeitsstunde abrechnen können:</p><ul><li>Akquise, Angebote und "
                "Kundengespräche</li><li>Buchhaltung, Rechnungsstellung und Mahnwesen</li><li>Weiterbildung und "
                "Pflege Ihrer Website</li><li>Organisation, Ablage und Technik</li></ul><p>Realistisch sind bei "
                "einer Vollzeit-Selbstständigkeit etwa 60 bis 70 Prozent abrechenbare Zeit – am Anfang oft "
                "deutlich weniger.</p>"
            ),
            heading("Schritt für Schritt zum Mindeststundensatz"),
            paragraph(
                "<p>Die Rechnung selbst ist einfach. Sie brauchen nur zwei Größen: Ihre jährlichen Gesamtkosten "
                "einschließlich Unternehmerlohn und die Zahl der Stunden, die Sie Ihren Kunden tatsächlich in "
                "Rechnung stellen können.</p><ol><li><b>Unternehmerlohn festlegen:</b> Was möchten Sie vor "
                "Einkommensteuer verdienen?</li><li><b>Vorsorge addieren:</b> Kranken- und Pflegeversicherung "
                "sowie Altersvorsorge zahlen Sie als Selbstständige in der Regel "
                "allein.</li><li><b>Betriebskosten schätzen:</b> Miete oder Arbeitszimmer, Telefon, Software, "
                "Versicherungen, Steuerberatung.</li><li><b>Rücklagen einplanen:</b> für Investitionen, "
                "Auftragsflauten und unvorhergesehene Ausgaben.</li><li><b>Abrechenbare Stunden ermitteln:</b> "
                "Arbeitstage abzüglich Urlaub, Feiertagen und Krankheitstagen, multipliziert mit den "
                "abrechenbaren Stunden pro Tag.</li></ol>"
            ),
            paragraph(
                "<p>Ein Rechenbeispiel: Nach Abzug von Wochenenden, Feiertagen, 30 Urlaubstagen und zehn "
                "Krankheitstagen bleiben gut 210 Arbeitstage. Bei acht Stunden täglich und einem Anteil von 65 "
                "Prozent abrechenbarer Zeit ergeben sich rund 1.100 Stunden im Jahr.</p>"
            ),
            (
                "table",
                {
                    "first_row_is_table_header": True,
                    "first_col_is_header": False,
                    "table_caption": "Beispielkalkulation für eine Vollzeit-Selbstständigkeit (Nettobeträge)",
                    "data": [
                        ["Posten", "Betrag pro Jahr"],
                        ["Unternehmerlohn (vor Einkommensteuer)", "48.000 €"],
                        ["Kranken- und Pflegeversicherung", "9.600 €"],
                        ["Altersvorsorge", "7.200 €"],
                        ["Betriebskosten (Büro, Technik, Software, Versicherungen)", "8.400 €"],
                        ["Rücklagen und Risikopuffer", "3.800 €"],
                        ["Summe", "77.000 €"],
                        ["Mindeststundensatz bei 1.100 abrechenbaren Stunden", "70 €"],
                    ],
                },
            ),
            paragraph(
                "<p>Der so ermittelte Betrag ist Ihre Untergrenze, kein Zielpreis. Sofern Sie nicht die "
                "Kleinunternehmerregelung nutzen, kommt die Umsatzsteuer noch hinzu. Und für besondere Leistungen "
                "– Eilaufträge, Arbeit am Wochenende, Fremdsprachen oder Fachwissen etwa im medizinischen oder "
                "juristischen Bereich – sind Zuschläge völlig angemessen.</p>"
            ),
            heading("Den eigenen Preis selbstbewusst vertreten"),
            paragraph(
                "<p>Viele Kolleginnen und Kollegen kalkulieren zwar richtig, knicken dann aber im Gespräch ein. "
                "Dabei kaufen Ihre Kunden nicht einfach Stunden, sondern Entlastung, Zuverlässigkeit und freie "
                "Zeit für ihr Kerngeschäft. Nennen Sie Ihren Preis ruhig und ohne Entschuldigung – und erklären "
                "Sie, was Ihr Kunde dafür bekommt. Wer ausschließlich über den Preis verhandelt, ist selten ein "
                "Kunde, mit dem die Zusammenarbeit auf Dauer Freude macht.</p>"
            ),
            (
                "callout",
                {
                    "title": "Tipp",
                    "text": (
                        "<p>Überprüfen Sie Ihre Kalkulation mindestens einmal im Jahr. Steigen Ihre Kosten, sollten "
                        "auch Ihre Preise steigen. Kündigen Sie Anpassungen Ihren Bestandskunden rechtzeitig und "
                        "schriftlich an.</p>"
                    ),
                },
            ),
        ],
        "en": {
            "slug": "calculating-your-hourly-rate",
            "header_image_alt": "Illustration: six light rings on a brown background",
            "title": "How to calculate your hourly rate properly",
            "intro": (
                "Many office service providers set their hourly rate too low. A simple calculation shows you the "
                "minimum you need to charge – and how to stand behind that price with confidence."
            ),
            "body": [
                paragraph(
                    "<p>‘So what do you charge per hour?’ Every office service provider hears this question "
                    "sooner or later. Anyone who then spontaneously names a figure based on the hourly wage of an "
                    "employed office worker has already lost. After all, your hourly rate has to cover far more "
                    "than just your living costs.</p>"
                ),
                heading("Why comparing yourself with an employee falls short"),
                paragraph(
                    "<p>An employed secretary is paid during her holidays, on bank holidays and when she is ill. "
                    "Her employer pays roughly half of her social security contributions and provides the office, "
                    "computer and software. As a self-employed professional, you bear all of this yourself. On "
                    "top of that, you can’t bill anywhere near every hour you work:</p><ul><li>acquisition, "
                    "quotes and client meetings</li><li>bookkeeping, invoicing and chasing "
                    "payments</li><li>professional development and maintaining your website</li><li>organisation, "
                    "filing and IT</li></ul><p>If you are self-employed full-time, around 60 to 70 per cent "
                    "billable time is realistic – and often considerably less at the start.</p>"
                ),
                heading("Step by step to your minimum hourly rate"),
                paragraph(
                    "<p>The calculation itself is simple. You need just two figures: your total annual costs "
                    "including your own salary, and the number of hours you can actually invoice to your "
                    "clients.</p><ol><li><b>Set your own salary:</b> what would you like to earn before income "
                    "tax?</li><li><b>Add provision for the future:</b> as a self-employed person, you generally "
                    "pay for health and long-term care insurance and your pension on your "
                    "own.</li><li><b>Estimate your operating costs:</b> rent or home office, telephone, software, "
                    "insurance, tax advice.</li><li><b>Plan reserves:</b> for investments, quiet periods and "
                    "unforeseen expenses.</li><li><b>Work out your billable hours:</b> working days minus "
                    "holidays, bank holidays and sick days, multiplied by your billable hours per day.</li></ol>"
                ),
                paragraph(
                    "<p>An example: after deducting weekends, bank holidays, 30 days’ holiday and ten sick days, "
                    "you are left with just over 210 working days. At eight hours a day and a 65 per cent share "
                    "of billable time, that comes to around 1,100 hours a year.</p>"
                ),
                (
                    "table",
                    {
                        "first_row_is_table_header": True,
                        "first_col_is_header": False,
                        "table_caption": "Sample calculation for full-time self-employment (net amounts)",
                        "data": [
                            ["Item", "Amount per year"],
                            ["Owner’s salary (before income tax)", "€48,000"],
                            ["Health and long-term care insurance", "€9,600"],
                            ["Pension provision", "€7,200"],
                            ["Operating costs (office, equipment, software, insurance)", "€8,400"],
                            ["Reserves and risk buffer", "€3,800"],
                            ["Total", "€77,000"],
                            ["Minimum hourly rate at 1,100 billable hours", "€70"],
                        ],
                    },
                ),
                paragraph(
                    "<p>The figure you arrive at this way is your lower limit, not your target price. Unless you "
                    "use the German small business scheme (Kleinunternehmerregelung), VAT is added on top. And "
                    "for special services – rush jobs, weekend work, foreign languages or specialist knowledge in "
                    "the medical or legal field, for instance – surcharges are entirely appropriate.</p>"
                ),
                heading("Standing behind your price with confidence"),
                paragraph(
                    "<p>Many colleagues calculate correctly but then cave in during the conversation. Yet your "
                    "clients are not simply buying hours: they are buying relief, reliability and free time for "
                    "their core business. State your price calmly and without apologising – and explain what your "
                    "client gets for it. Anyone who negotiates on price alone is rarely a client you will enjoy "
                    "working with in the long run.</p>"
                ),
                (
                    "callout",
                    {
                        "title": "Tip",
                        "text": (
                            "<p>Review your calculation at least once a year. If your costs rise, your prices should "
                            "rise too. Give your existing clients timely written notice of any adjustments.</p>"
                        ),
                    },
                ),
            ],
        },
    },
    {
        "slug": "telefonservice-fuer-kleine-unternehmen",
        "header_image_alt": "Illustration: sechs helle Ringe auf dunkelgrünem Grund",
        "title": "Telefonservice für kleine Unternehmen: Immer erreichbar, ohne ständig ans Telefon zu gehen",
        "intro": (
            "Jeder verpasste Anruf kann ein verlorener Auftrag sein. Wie ein externer Telefonservice kleinen "
            "Betrieben hilft und worauf Sie bei der Auswahl achten sollten."
        ),
        "date": "2024-07-09",
        "author": "sabine",
        "categories": ["telefonservice", "kundenbeziehung"],
        "tags": ["telefonservice", "kommunikation", "kunden"],
        "body": [
            paragraph(
                "<p>Der Handwerksmeister steht auf der Baustelle, die Physiotherapeutin behandelt gerade, der "
                "Steuerberater sitzt im Mandantengespräch – und das Telefon klingelt ins Leere. Für kleine "
                "Unternehmen ist das ein alltägliches Dilemma: Wer ständig ans Telefon geht, kommt nicht zum "
                "Arbeiten. Wer nicht rangeht, verliert Kunden. Denn viele Anrufer versuchen es kein zweites Mal, "
                "sondern wählen einfach die nächste Nummer aus dem Suchergebnis.</p>"
            ),
            heading("Was ein Telefonservice leistet"),
            paragraph(
                "<p>Ein professioneller Telefonservice nimmt Ihre Anrufe im Namen Ihres Unternehmens entgegen – "
                "freundlich, kompetent und mit der Begrüßung, die Sie vorgeben. Für den Anrufer klingt es so, als "
                "säße jemand in Ihrem Büro. Typische Leistungen sind:</p><ul><li>Anrufannahme mit individueller "
                "Begrüßung</li><li>Gesprächsnotizen per E-Mail oder SMS unmittelbar nach dem "
                "Anruf</li><li>Terminvergabe in Ihrem Online-Kalender</li><li>Beantwortung häufiger Fragen nach "
                "Ihren Vorgaben</li><li>Weiterleitung dringender Anrufe an Sie oder Ihre "
                "Vertretung</li></ul><p>Da der Telefonservice dabei die Daten Ihrer Anrufer verarbeitet, gehört "
                "außerdem ein Vertrag zur Auftragsverarbeitung dazu. Ein seriöser Anbieter legt ihn Ihnen von "
                "sich aus vor.</p>"
            ),
            heading("Abrechnungsmodelle im Vergleich"),
            paragraph(
                "<p>Telefonservices rechnen unterschiedlich ab. Welches Modell sich für Sie lohnt, hängt vor "
                "allem davon ab, wie viele Anrufe Sie erwarten und wie gleichmäßig sie sich über den Monat "
                "verteilen.</p>"
            ),
            (
                "table",
                {
                    "first_row_is_table_header": True,
                    "first_col_is_header": True,
                    "table_caption": "Übliche Abrechnungsmodelle für Telefonservices",
                    "data": [
                        ["Modell", "Geeignet für", "Worauf Sie achten sollten"],
                        [
                            "Pauschale mit Inklusivanrufen",
                            "gleichmäßiges, gut planbares Anrufaufkommen",
                            "Preis für Anrufe über dem Kontingent",
                        ],
                        [
                            "Abrechnung pro Anruf",
                            "wenige oder stark schwankende Anrufe",
                            "Was als Anruf zählt, etwa bei Kurzanrufen",
                        ],
                        [
                            "Abrechnung pro Minute",
                            "kurze, standardisierte Gespräche",
                            "Abrechnungstakt, etwa minutengenau oder im 30-Sekunden-Takt",
                        ],
                    ],
                },
            ),
            paragraph(
                "<p>Fragen Sie außerdem nach Einrichtungsgebühren, Mindestlaufzeiten und Kündigungsfristen. Viele "
                "Anbieter ermöglichen eine kostenlose Testphase. Nutzen Sie sie, um Freundlichkeit, Sprachgefühl "
                "und die Qualität der Gesprächsnotizen zu prüfen – der günstigste Tarif nützt wenig, wenn sich "
                "Ihre Anrufer nicht gut aufgehoben fühlen.</p>"
            ),
            heading("So gelingt der Start"),
            paragraph(
                "<p>Ein Telefonservice ist nur so gut wie die Informationen, die er von Ihnen bekommt. Nehmen Sie "
                "sich für das Briefing deshalb ausreichend Zeit und klären Sie vorab:</p><ol><li>Mit welchen "
                "Worten sollen Anrufer begrüßt werden?</li><li>Welche Fragen kommen immer wieder, und wie lauten "
                "die Antworten?</li><li>Wann sind Sie selbst erreichbar, und wann übernimmt der "
                "Service?</li><li>Welche Anrufe sind so dringend, dass sie sofort weitergeleitet werden "
                "müssen?</li></ol><p>Aktualisieren Sie diese Informationen, sobald sich etwas ändert – etwa bei "
                "Urlaub, neuen Leistungen oder geänderten Öffnungszeiten. Ein kurzer Austausch alle paar Wochen "
                "hilft, Missverständnisse gar nicht erst entstehen zu lassen.</p>"
            ),
            (
                "callout",
                {
                    "title": "Tipp",
                    "text": (
                        "<p>Rufen Sie in den ersten Wochen selbst einmal als „Testkunde“ an. So erleben Sie, wie Ihr "
                        "Unternehmen am Telefon wirkt, und können das Briefing gezielt nachschärfen.</p>"
                    ),
                },
            ),
        ],
        "en": None,
    },
    {
        "slug": "datenschutz-auftragsverarbeitung-bueroservice",
        "header_image_alt": "Illustration: sechs helle Ringe auf violettem Grund",
        "title": "Datenschutz im Büroservice: Was Sie über Auftragsverarbeitung wissen sollten",
        "intro": (
            "Wer für andere Unternehmen Anrufe annimmt, Post bearbeitet oder Rechnungen schreibt, verarbeitet "
            "personenbezogene Daten. Ein praxisnaher Überblick über die Auftragsverarbeitung nach der DSGVO."
        ),
        "date": "2025-01-14",
        "author": "thomas",
        "categories": ["bueroalltag", "selbststaendigkeit"],
        "tags": ["datenschutz", "kunden"],
        "body": [
            paragraph(
                "<p>Ob Sie Anrufe entgegennehmen, Termine koordinieren, Diktate schreiben oder die Belege Ihrer "
                "Kunden vorkontieren: Fast immer haben Sie dabei mit personenbezogenen Daten zu tun – mit Namen, "
                "Telefonnummern und Adressen, manchmal sogar mit Gesundheits- oder Finanzdaten. Im Sinne der "
                "Datenschutz-Grundverordnung (DSGVO) sind Sie damit in aller Regel Auftragsverarbeiter. Ihr Kunde "
                "bleibt als Verantwortlicher für die Daten zuständig, Sie handeln in seinem Auftrag und nach "
                "seinen Weisungen.</p>"
            ),
            heading("Der Vertrag zur Auftragsverarbeitung"),
            paragraph(
                "<p>Artikel 28 DSGVO schreibt vor, dass Verantwortlicher und Auftragsverarbeiter einen Vertrag "
                "schließen, kurz AV-Vertrag genannt. Er muss schriftlich abgefasst sein, wobei ein elektronisches "
                "Format genügt, und regelt unter anderem:</p><ul><li>Gegenstand, Dauer, Art und Zweck der "
                "Verarbeitung</li><li>die Art der Daten und die Kategorien betroffener Personen</li><li>Ihre "
                "Pflicht, nur auf dokumentierte Weisung Ihres Kunden zu handeln</li><li>die Verpflichtung aller "
                "beteiligten Personen zur Vertraulichkeit</li><li>die Bedingungen für weitere "
                "Auftragsverarbeiter, etwa eine Kollegin als Urlaubsvertretung</li><li>die Rückgabe oder Löschung "
                "der Daten nach Ende des Auftrags</li></ul><p>Viele Kunden legen Ihnen eigene Vorlagen vor. Es "
                "lohnt sich aber, selbst einen sauberen Mustervertrag bereitzuhalten. Das wirkt professionell und "
                "spart beiden Seiten Zeit.</p>"
            ),
            heading("Besonderheit: Berufsgeheimnisträger", level="h3"),
            paragraph(
                "<p>Arbeiten Sie für Arztpraxen, Rechtsanwaltskanzleien oder Steuerberater, kommt die berufliche "
                "Schweigepflicht hinzu. Ihr Auftraggeber muss Sie ausdrücklich zur Verschwiegenheit verpflichten, "
                "denn als mitwirkende Person unterliegen auch Sie dem Schutz des Berufsgeheimnisses nach § 203 "
                "Strafgesetzbuch.</p>"
            ),
            heading("Technische und organisatorische Maßnahmen"),
            paragraph(
                "<p>Außerdem müssen Sie nach Artikel 32 DSGVO angemessene technische und organisatorische "
                "Maßnahmen treffen, die sogenannten TOM. Für einen kleinen Büroservice ist das keine Hexerei, "
                "verlangt aber Sorgfalt:</p><ul><li>verschlüsselte Festplatten und stets aktuelle "
                "Software</li><li>sichere Passwörter und, wo möglich, "
                "Zwei-Faktor-Authentifizierung</li><li>regelmäßige Datensicherungen</li><li>ein abschließbarer "
                "Schrank für Papierunterlagen</li><li>ein Bildschirm, den Dritte nicht einsehen "
                "können</li></ul><p>Dokumentieren Sie diese Maßnahmen schriftlich. Ihre Kunden werden danach "
                "fragen, und im Ernstfall müssen Sie nachweisen können, was Sie getan haben. Übrigens: Auch als "
                "Auftragsverarbeiter müssen Sie nach Artikel 30 Absatz 2 DSGVO in der Regel ein Verzeichnis der "
                "Verarbeitungstätigkeiten führen, die Sie für Ihre Kunden durchführen.</p>"
            ),
            heading("Wenn doch etwas passiert"),
            paragraph(
                "<p>Ein Laptop wird gestohlen, eine E-Mail mit Patientendaten landet beim falschen Empfänger: "
                "Solche Datenschutzverletzungen müssen Sie Ihrem Kunden unverzüglich melden. Er entscheidet dann, "
                "ob er die Aufsichtsbehörde informieren muss – und dafür bleiben ihm in der Regel nur 72 Stunden. "
                "Vereinbaren Sie deshalb schon im Vorfeld, wen Sie in einem solchen Fall auf welchem Weg "
                "erreichen.</p><p>Ebenso klar geregelt sein sollte das Ende der Zusammenarbeit: Geben Sie "
                "Unterlagen vollständig zurück oder löschen Sie die Daten nachweisbar, sofern keine gesetzliche "
                "Pflicht zur Aufbewahrung besteht. Ein kurzes Löschprotokoll schafft Klarheit für beide "
                "Seiten.</p>"
            ),
            (
                "callout",
                {
                    "title": "Fazit",
                    "text": (
                        "<p>Datenschutz ist für Bürodienstleister kein lästiges Anhängsel, sondern ein echtes "
                        "Qualitätsmerkmal. Wer AV-Vertrag und TOM ordentlich vorbereitet hat, gewinnt das Vertrauen "
                        "neuer Kunden schneller. Dieser Beitrag ersetzt allerdings keine Rechtsberatung. Im Zweifel "
                        "lohnt sich der Rat einer Fachanwältin oder eines Datenschutzbeauftragten.</p>"
                    ),
                },
            ),
        ],
        "en": None,
    },
    {
        "slug": "zeitmanagement-mit-mehreren-kunden",
        "header_image_alt": "Illustration: sechs helle Ringe auf dunkelblauem Grund",
        "title": "Zeitmanagement mit mehreren Kunden: So behalten Sie den Überblick",
        "intro": (
            "Fünf Kunden, fünf Prioritäten – und jeder hält sein Anliegen für das dringendste. Mit festen "
            "Zeitblöcken, klaren Absprachen und ehrlicher Zeiterfassung bleibt Ihr Arbeitstag planbar."
        ),
        "date": "2025-06-03",
        "author": "sabine",
        "categories": ["bueroalltag"],
        "tags": ["zeitmanagement", "kunden", "kommunikation"],
        "body": [
            paragraph(
                "<p>Montagmorgen, halb neun: Die Arztpraxis wartet auf die geschriebenen Arztbriefe, der "
                "Handwerksbetrieb schickt einen Stapel Belege, und die Werbeagentur möchte „nur ganz kurz“ eine "
                "Präsentation überarbeitet haben. Wer für mehrere Kunden arbeitet, kennt das Gefühl, dass alle "
                "gleichzeitig an einem ziehen. Gutes Zeitmanagement ist für Bürodienstleister deshalb keine Kür, "
                "sondern Pflicht.</p>"
            ),
            heading("Wichtig oder nur dringend?"),
            (
                "quote",
                {
                    "text": "Was wichtig ist, ist selten dringend, und was dringend ist, ist selten wichtig.",
                    "attribution": "Dwight D. Eisenhower zugeschrieben",
                },
            ),
            paragraph(
                "<p>Nach diesem Gedanken ist die bekannte Eisenhower-Matrix benannt. Sortieren Sie Ihre Aufgaben "
                "einmal am Tag in vier Felder:</p><ul><li>wichtig und dringend: sofort selbst "
                "erledigen</li><li>wichtig, aber nicht dringend: fest einplanen</li><li>dringend, aber nicht "
                "wichtig: bündeln oder delegieren</li><li>weder wichtig noch dringend: "
                "streichen</li></ul><p>Gerade im Büroservice zeigt sich schnell: Vieles, was per Telefon oder "
                "Chat als eilig angekündigt wird, kann durchaus bis zum Nachmittag warten. Die wirklich wichtigen "
                "Aufgaben, etwa die Buchhaltung vor einem Abgabetermin, geraten dagegen leicht ins Hintertreffen, "
                "wenn Sie nur auf Zuruf reagieren.</p>"
            ),
            heading("Feste Zeitblöcke für jeden Kunden"),
            paragraph(
                "<p>Bewährt hat sich das sogenannte Timeblocking: Sie reservieren für Ihre Stammkunden feste "
                "Zeitfenster in der Woche und arbeiten in diesen Blöcken konzentriert nur für den jeweiligen "
                "Kunden. Das erspart Ihnen das ständige Umdenken zwischen verschiedenen Programmen, "
                "Ansprechpartnern und Gepflogenheiten. Ein Wochenplan könnte etwa so aussehen:</p>"
            ),
            (
                "table",
                {
                    "first_row_is_table_header": True,
                    "first_col_is_header": True,
                    "table_caption": "Beispiel für einen Wochenplan mit Zeitblöcken",
                    "data": [
                        ["Tag", "Vormittag", "Nachmittag"],
                        ["Montag", "Arztpraxis: Schreibarbeiten", "Puffer für Eilaufträge"],
                        ["Dienstag", "Handwerksbetrieb: Belege und Rechnungen", "Werbeagentur: Präsentationen"],
                        ["Mittwoch", "Arztpraxis: Schreibarbeiten", "Akquise und eigene Buchhaltung"],
                        ["Donnerstag", "Handwerksbetrieb: Angebote", "Werbeagentur: Korrespondenz"],
                        ["Freitag", "Puffer für Eilaufträge", "Wochenrückblick und Planung"],
                    ],
                },
            ),
            paragraph(
                "<p>Entscheidend sind die Pufferzeiten. Verplanen Sie nie Ihren gesamten Tag, denn irgendetwas "
                "kommt immer dazwischen. Erfahrungsgemäß sollten Sie etwa ein Viertel Ihrer Arbeitszeit für "
                "Unvorhergesehenes freihalten. Schickt ein Kunde regelmäßig außerhalb seines Zeitfensters "
                "Eilaufträge, sprechen Sie das offen an – oder vereinbaren Sie einen Eilzuschlag.</p>"
            ),
            heading("Absprachen, Erreichbarkeit und Zeiterfassung"),
            paragraph(
                "<p>Je klarer Ihre Kunden wissen, wann und wie Sie erreichbar sind, desto seltener werden Sie "
                "unterbrochen. Drei Dinge helfen dabei besonders:</p><ul><li><b>Feste Reaktionszeiten:</b> "
                "Vereinbaren Sie zum Beispiel, dass Sie E-Mails innerhalb eines Werktags beantworten – und nicht "
                "innerhalb von Minuten.</li><li><b>Ein Kanal pro Kunde:</b> Anfragen, die parallel per E-Mail, "
                "Messenger und Telefon eintreffen, gehen leicht verloren.</li><li><b>Lückenlose "
                "Zeiterfassung:</b> Notieren Sie jede Tätigkeit sofort, auch die fünfminütige Rückfrage. So sehen "
                "Sie, welche Kunden mehr Zeit beanspruchen als vereinbart, und haben eine solide Grundlage für "
                "Ihre Abrechnung.</li></ul>"
            ),
            (
                "callout",
                {
                    "title": "Fazit",
                    "text": (
                        "<p>Sie müssen nicht jederzeit für jeden Kunden da sein. Mit klaren Prioritäten, festen "
                        "Zeitblöcken und verbindlichen Absprachen arbeiten Sie konzentrierter, und Ihre Kunden wissen "
                        "genau, woran sie bei Ihnen sind.</p>"
                    ),
                },
            ),
        ],
        "en": None,
    },
    {
        "slug": "neukunden-gewinnen-akquise-fuer-buerodienstleister",
        "header_image_alt": "Illustration: sechs helle Ringe auf braunem Grund",
        "title": "Neue Kunden gewinnen: Akquise für Bürodienstleister",
        "intro": (
            "Kaltakquise liegt nicht jedem – und muss es auch nicht. Mit einem klaren Profil, einem guten Netzwerk "
            "und zufriedenen Bestandskunden kommen neue Aufträge oft fast von selbst."
        ),
        "date": "2025-11-18",
        "author": "thomas",
        "categories": ["selbststaendigkeit", "kundenbeziehung"],
        "tags": ["akquise", "kommunikation", "preise", "kunden"],
        "body": [
            paragraph(
                "<p>Die meisten Bürodienstleister haben sich selbstständig gemacht, weil sie gern organisieren, "
                "schreiben oder telefonieren – nicht, weil sie gern verkaufen. Trotzdem führt an der Akquise kein "
                "Weg vorbei. Selbst wer heute gut ausgelastet ist, kann morgen einen großen Kunden verlieren, "
                "etwa weil dieser eine eigene Bürokraft einstellt oder seinen Betrieb aufgibt. Die gute "
                "Nachricht: Erfolgreiche Akquise hat wenig mit aufdringlichem Verkaufen zu tun.</p>"
            ),
            heading("Zuerst das eigene Profil schärfen"),
            paragraph(
                "<p>„Ich mache alles, was im Büro anfällt“ ist ehrlich gemeint, bleibt aber niemandem im "
                "Gedächtnis. Überlegen Sie, für wen Sie besonders gut arbeiten können. Vielleicht kennen Sie sich "
                "aus früheren Anstellungen mit Arztpraxen aus, sprechen fließend Englisch oder beherrschen eine "
                "bestimmte Branchensoftware. Eine solche Spezialisierung macht es potenziellen Kunden leicht, Sie "
                "einzuordnen, und sie rechtfertigt einen höheren Stundensatz.</p><p>Fassen Sie Ihr Angebot "
                "anschließend in zwei, drei Sätzen zusammen, die Sie jederzeit parat haben: auf der Website, im "
                "Netzwerk oder beim zufälligen Gespräch am Rande einer Veranstaltung.</p>"
            ),
            heading("Wege zu neuen Aufträgen"),
            paragraph(
                "<p>Welche Kanäle sich lohnen, hängt von Ihrer Zielgruppe ab. Bewährt haben sich vor allem "
                "diese:</p><ol><li><b>Empfehlungen:</b> Bitten Sie zufriedene Kunden aktiv darum, Sie "
                "weiterzuempfehlen. Viele tun das gern, denken aber nicht von selbst "
                "daran.</li><li><b>Netzwerke:</b> Unternehmerstammtische, Branchenverbände und Gründerzentren "
                "bringen Sie mit Menschen zusammen, die Entlastung suchen.</li><li><b>Kooperationen:</b> "
                "Kolleginnen und Kollegen mit anderem Schwerpunkt geben Anfragen weiter, die nicht zu ihrem "
                "Angebot passen – und Sie revanchieren sich.</li><li><b>Website und Online-Profile:</b> Eine "
                "aktuelle Website mit klarer Leistungsbeschreibung, Referenzen und Kontaktmöglichkeit ist Ihre "
                "digitale Visitenkarte.</li><li><b>Fachbeiträge:</b> Wer wie in diesem Blog über sein Fachgebiet "
                "schreibt, zeigt Kompetenz und wird gefunden.</li></ol>"
            ),
            (
                "quote",
                {"text": "Der beste Verkäufer ist ein zufriedener Kunde.", "attribution": "Alte Kaufmannsweisheit"},
            ),
            heading("Das Erstgespräch gut vorbereiten"),
            paragraph(
                "<p>Kommt eine Anfrage, zählt der erste Eindruck. Melden Sie sich zügig zurück, hören Sie im "
                "Erstgespräch vor allem zu und fragen Sie nach: Welche Aufgaben bleiben liegen? Wie viel Zeit "
                "kostet das den Kunden heute? Mit welchen Programmen arbeitet er? Erst dann machen Sie ein "
                "Angebot, das zum tatsächlichen Bedarf passt. Nennen Sie Ihren Preis klar und begründen Sie ihn, "
                "statt vorsorglich Rabatte anzubieten. Und wenn Sie nach einer Woche nichts gehört haben, fassen "
                "Sie freundlich nach. Das ist kein Aufdrängen, sondern zeigt echtes Interesse.</p>"
            ),
            (
                "callout",
                {
                    "title": "Fazit",
                    "text": (
                        "<p>Akquise ist keine einmalige Aktion, sondern eine Gewohnheit. Reservieren Sie sich dafür "
                        "jede Woche ein festes Zeitfenster, auch wenn Ihre Auftragsbücher gerade voll sind. Dann "
                        "geraten Sie nicht unter Druck, wenn einmal ein Kunde wegfällt.</p>"
                    ),
                },
            ),
        ],
        "en": None,
    },
    {
        "slug": "virtuelle-assistenz-im-homeoffice",
        "header_image_alt": "Illustration: sechs helle Ringe auf dunkelgrünem Grund",
        "title": "Virtuelle Assistenz im Homeoffice: Professionell arbeiten auf Distanz",
        "intro": (
            "Ob Telefonservice, Terminverwaltung oder Korrespondenz: Vieles lässt sich heute vom heimischen "
            "Schreibtisch aus erledigen. Worauf es ankommt, damit sich Ihre Kunden auch auf Distanz gut betreut "
            "fühlen."
        ),
        "date": "2026-04-21",
        "author": "sabine",
        "categories": ["bueroalltag", "telefonservice"],
        "tags": ["homeoffice", "telefonservice", "datenschutz", "zeitmanagement"],
        "body": [
            paragraph(
                "<p>Virtuelle Assistentinnen und Assistenten arbeiten für ihre Kunden, ohne jemals deren Büro zu "
                "betreten. Sie nehmen Anrufe entgegen, pflegen Kalender, schreiben Angebote und bereiten die "
                "Buchhaltung vor – und das alles vom eigenen Homeoffice aus. Für kleine Unternehmen ist das eine "
                "flexible Lösung, für Sie als Dienstleister eine Chance, Kunden weit über Ihre Region hinaus zu "
                "betreuen. Damit die Zusammenarbeit funktioniert, braucht es allerdings mehr als einen Laptop am "
                "Küchentisch.</p>"
            ),
            heading("Technik und Erreichbarkeit"),
            paragraph(
                "<p>Ihre Kunden und deren Anrufer sollen nicht merken, dass Sie nicht vor Ort sitzen. Achten Sie "
                "deshalb auf eine solide Grundausstattung:</p><ul><li>eine stabile Internetverbindung, möglichst "
                "mit einer Ausweichlösung wie einem mobilen Hotspot</li><li>eine Cloud-Telefonanlage, mit der Sie "
                "Anrufe unter der Nummer Ihres Kunden annehmen können</li><li>ein gutes Headset mit "
                "Geräuschunterdrückung</li><li>einen ruhigen Arbeitsplatz, an dem weder Hund noch Waschmaschine "
                "zu hören sind</li><li>eine verlässliche Vertretung für den Fall, dass Sie krank werden oder die "
                "Technik streikt</li></ul><p>Legen Sie außerdem feste Servicezeiten fest und teilen Sie diese "
                "klar mit. Wer im Homeoffice arbeitet, ist schnell „immer ein bisschen“ erreichbar. Das tut auf "
                "Dauer weder Ihnen noch Ihren Kunden gut.</p>"
            ),
            heading("Datenschutz am heimischen Arbeitsplatz"),
            paragraph(
                "<p>Im Homeoffice gelten dieselben Datenschutzpflichten wie im Büro. Richten Sie sich einen "
                "Arbeitsplatz ein, an dem Familienmitglieder und Besucher nicht auf Ihren Bildschirm schauen "
                "können, und sperren Sie den Rechner, sobald Sie aufstehen. Nutzen Sie für Ihre Kunden ein Gerät, "
                "das nicht gleichzeitig der Familien-PC ist, und bewahren Sie Papierunterlagen in einem "
                "abschließbaren Schrank auf. Vertrauliche Telefonate führen Sie am besten bei geschlossener "
                "Tür.</p>"
            ),
            heading("Zusammenarbeit ohne Flurfunk"),
            paragraph(
                "<p>Was im Büro beiläufig auf dem Flur geklärt wird, muss auf Distanz bewusst organisiert werden. "
                "Vereinbaren Sie mit jedem Kunden gleich zu Beginn,</p><ol><li>über welche Kanäle Aufgaben und "
                "Rückfragen laufen,</li><li>wo gemeinsame Dokumente abgelegt werden,</li><li>wie schnell Sie auf "
                "Anfragen reagieren</li><li>und in welchem Rhythmus Sie sich abstimmen, zum Beispiel in einem "
                "kurzen wöchentlichen Videotelefonat.</li></ol><p>Ein knapper Wochenbericht darüber, was erledigt "
                "wurde und was noch offen ist, schafft Vertrauen. Ihr Kunde sieht Sie zwar nicht bei der Arbeit, "
                "aber er sieht, was Sie für ihn leisten.</p>"
            ),
            (
                "callout",
                {
                    "title": "Tipp",
                    "text": (
                        "<p>Trennen Sie Arbeit und Privatleben auch im Homeoffice räumlich und zeitlich. Ein fester "
                        "Feierabend, zu dem Sie Anrufe auf die Mailbox oder an eine Vertretung umleiten, schützt Sie "
                        "vor Überlastung und macht Sie auf Dauer zur besseren Assistenz.</p>"
                    ),
                },
            ),
        ],
        "en": None,
    },
]

# Reader comments of the demo, keyed by article slug: the seed's comment and the author's reply, both approved.
COMMENTS = {
    "muss-man-seine-kunden-lieben": [
        {
            "key": "einbahnstrasse",
            "name": "Claudia Berger",
            "email": "claudia.berger@example.org",
            "created_at": "2019-03-18T09:42:00+01:00",
            "text": (
                "Dienstleistung ist keine Einbahnstraße. Verständnis für die Situation des Auftraggebers zu haben, "
                "ist ein guter Ansatz. Dennoch sollte sich ein Freelancer immer wieder vor Augen führen, dass er auch "
                "Unternehmer ist mit allen Verpflichtungen und der dazugehörenden Verantwortung.\n\n"
                "Deshalb sollte auch irgendwann das Gespräch gesucht werden, in dem Lösungen für grundsätzliche "
                "Arbeitsabläufe und Kommunikationswege erörtert werden.\n\n"
                "Wenn diese Lösungen zu keinem Ergebnis führen, sollte man sich meines Erachtens einen neuen "
                "Auftraggeber suchen."
            ),
        },
        {
            "key": "antwort",
            "parent": "einbahnstrasse",
            "name": "Sabine Krüger",
            "email": "redaktion@example.org",
            "created_at": "2019-03-18T17:15:00+01:00",
            "is_author_reply": True,
            "text": (
                "Da stimme ich Ihnen zu: Wertschätzung heißt nicht, alles hinzunehmen. Das offene Gespräch ist oft "
                "der erste Schritt – und manchmal eben auch der Abschied von einem Auftraggeber."
            ),
        },
    ],
}
