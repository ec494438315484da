"""The named readings: where the treaty leaves a question open, the answer this package
chose, written once, in English (beside the rule that applies it) and in bokmål (here).

Each reading is a module constant of ``shield.treaty`` whose name ends in ``_READING`` (or
``MONTH_END_RULE``); :func:`all_readings` finds them all, so a reading added beside its rule
appears on the readings page (``/treaty/readings/``) and in ``/api/treaty/readings`` without
a second list. Its Norwegian text lives in :data:`NORWEGIAN`; a test fails on a reading
without one.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass

from shield.treaty.citations import Citation

NORWEGIAN: dict[str, str] = {
    "institutions.FUND_READING": (
        "[[29(3)]] leses som to regler for regnskapet: et bidrag kan øremerkes bare for et "
        "program eller prosjekt komiteen har besluttet å gjennomføre senest den dagen bidraget "
        "mottas; og et beløp forlater fondets frie midler (en tildeling) eller fondet (en "
        "utbetaling) bare etter et vedtak komiteen har fattet for et formål etter [[29(1)]], og "
        "aldri ut over beløpet vedtaket fastsatte. Renter ([[29(4)(c)]]) føres som et bidrag fra "
        "den kilden. Fondet holder hver valuta for seg; en veksling fører beløpet gjennom en "
        "vekslingskonto, slik at hver valuta går i balanse for seg."
    ),
    "institutions.REPORT_STATUS_READING": (
        "[[37(2)]] («hvert fjerde år») leses gjennom syklusene komiteen fastsetter: hver syklus "
        "har en periode og en dag rapportene forfaller. En stat skylder rapport for en syklus "
        "når den er part siste dag i perioden. Før forfallsdagen er en rapport som ikke er levert "
        "«forfaller»; etter den «forsinket»; når den er mottatt «levert»; når komiteen har "
        "offentliggjort den «offentliggjort»."
    ),
    "institutions.NOTIFICATION_READING": (
        "[[46]] leses som én notifikasjon for hver deponering av et dokument om ratifikasjon, "
        "godtakelse, godkjenning, tiltredelse eller notifikasjon om suksesjon i registeret, én for "
        "hver oppsigelse som mottas, og, slik depositaren gjør, én for hver ikrafttredelse "
        "(protokollens egen, [[43(1)]], og hver senere parts, [[43(2)]] eller [[44]]). En "
        "deponering fra en part i en konflikt med umiddelbar virkning ([[44]]) skal oversendes "
        "raskeste vei; notifikasjonene om den er merket slik. Notifikasjonene lages fra registeret "
        "hver gang de leses: de kan ikke avvike fra det."
    ),
    "calendar.MONTH_END_RULE": (
        "Å legge n måneder til en dato gir samme dag i måneden n måneder senere; er den måneden "
        "kortere, den siste dagen i den måneden. Tre måneder etter 29., 30. eller 31. november er "
        "derfor 28. februar (29. februar i et skuddår), og tre måneder etter 31. august er "
        "30. november. Et år er tolv måneder: ett år etter 29. februar er 28. februar. Datoen som "
        "nås slik, er dagen virkningen begynner."
    ),
    "calendar.SIXTY_DAYS_READING": (
        "«Innen seksti dager» løper fra dagen etter at partene er underrettet om anmodningen: "
        "underretningsdagen regnes ikke med, så den siste dagen en innsigelse er i tide, er "
        "underretningsdatoen pluss 60 dager."
    ),
    "votes.PRESENT_AND_VOTING_READING": (
        "«Medlemmer som avgir stemme» ([[26(2)]]) og «medlemmer som er til stede og avgir stemme» "
        "([[11(5)]], [[11(9)]]) leses som i FNs praksis: medlemmene som stemmer for eller mot. "
        "Medlemmer som avstår, og medlemmer som er til stede uten å stemme, avgir ikke stemme. "
        "Medlemmer som er inhabile ([[26(3)]]), stemmer ikke. Beslutningsdyktighet ([[26(2)]]) "
        "teller alle medlemmer som er til stede, også de inhabile."
    ),
    "status.ART44_READING": (
        "[[44]]: en part i en konflikt i situasjonene i [[Convention 18]] og [[Convention 19]] er "
        "bundet fra den dagen den deponerer sitt dokument, eller, dersom den deponerte før "
        "fiendtlighetene eller okkupasjonen begynte og den dagen er registrert (hostilities_began), "
        "fra den dagen; aldri senere enn den ordinære datoen etter [[43]] og aldri før protokollen "
        "selv trådte i kraft etter [[43(1)]]."
    ),
    "status.DENUNCIATION_READING": (
        "[[45(3)]]: en oppsigelse får virkning ett år etter at dokumentet er mottatt. Deltar parten "
        "i en væpnet konflikt når året utløper, får den virkning den seneste av dagen "
        "fiendtlighetene opphører og dagen tilbakeføringen av kulturverdier er fullført (og ikke "
        "før året er omme); så lenge en av datoene er ukjent, kan virkningsdatoen ikke angis. Trengs "
        "ingen tilbakeføring, registreres end_of_repatriation lik end_of_hostilities. Parten er "
        "ikke lenger bundet fra dagen oppsigelsen får virkning. [[Convention 37(3)]] har de samme ordene "
        "og leses på samme måte."
    ),
    "committee.TERM_READING": (
        "En funksjonsperiode begynner på dagen for valget i partsmøtet og varer i fire år: den "
        "omfatter valgdagen til og med dagen før fireårsdagen (månedsslutt-regelen). De korte "
        "periodene etter [[25(2)]] slutter når neste ordinære partsmøte slutter dersom den datoen "
        "er oppgitt, ellers to år etter valget. To perioder for en stat følger etter hverandre når "
        "den andre begynner mindre enn ett år etter at den første slutter; siden partsmøtene holdes "
        "med to års mellomrom, er et gjenvalg ved neste anledning alltid i sammenheng, og en stat "
        "som sto over ett partsmøtes valg, er det ikke."
    ),
    "reporting.REPORTING_READING": (
        "[[37(2)]] («hvert fjerde år») leses som én felles periodisk syklus for alle parter: "
        "rapportene forfaller på syklusdatoene utgangspunkt + 4, 8, 12 … år (månedsslutt-regelen). "
        "Utgangspunktet er som standard protokollens egen ikrafttredelse beregnet fra registeret "
        "(9. mars 2004); et annet utgangspunkt kan oppgis. En part rapporterer på hver syklusdato "
        "etter at protokollen trådte i kraft for den (en som sluttet seg til kort før en syklusdato, "
        "rapporterer da, siden alle parter blir bedt samtidig), og på ingen fra dagen oppsigelsen "
        "får virkning. En rapport som forfaller den dagen det spørres om, er neste rapport som "
        "forfaller."
    ),
    "protection.CULTURAL_PROPERTY_READING": (
        "[[Convention 1]]: en registrering i registeret er kulturverdier i kraft av sin kategori. "
        "Hver kategori i registeret hører under én bokstav i [[Convention 1]]: monumenter, "
        "arkeologiske steder, bygningsgrupper, rørlige gjenstander og samlinger under "
        "[[Convention 1(a)]]; museer, biblioteker, arkiver og tilfluktsrom (bygninger som "
        "hovedsakelig skal bevare eller stille ut rørlige kulturverdier) under [[Convention 1(b)]]; "
        "sentre med monumenter under [[Convention 1(c)]]. Om et sted eller en gjenstand er «av stor "
        "betydning for alle folks kulturarv», avgjør staten som førte det inn i sin inventarliste "
        "([[5]]); registeret vurderer det ikke på nytt. En registrering med en kategori som ikke "
        "hører under noen av dem, får ingen beskyttelse herfra."
    ),
    "protection.ART19_MINIMUM_READING": (
        "[[Convention 19(1)]]: i en væpnet konflikt som ikke er av internasjonal art, og som finner "
        "sted på territoriet til en kontraherende part, skal hver part i konflikten, stat eller ikke, "
        "som et minimum anvende konvensjonens bestemmelser om respekt for kulturverdier "
        "([[Convention 4]]), enten den selv er kontraherende part eller ikke; og protokollen får "
        "anvendelse på en slik konflikt på territoriet til en part ([[22(1)]]). Konflikten regnes å "
        "finne sted på territoriet til en stat når staten er berørt av stedet den dagen: "
        "inventarstaten, eller en stat med kontroll over eller krav på stedet som gjelder da (fra "
        "valid_from til og med valid_to; en åpen ende er åpen). Utenfor en konflikt oppgitt som "
        "ikke-internasjonal binder den alminnelige beskyttelsen hver stat så langt staten selv er "
        "bundet den dagen ([[Convention 18]]; [[3]])."
    ),
    "committee.MEMBERSHIP_READING": (
        "Partsmøtene holdes sammen med generalkonferansen, så datoene flytter seg med dager eller uker "
        "fra gang til gang. Et ordinært partsmøte som velger medlemmer, avslutter på valgdagen hver "
        "mandatperiode som er i sitt siste år: det avtroppende medlemmet sitter til og med dagen før, "
        "etterfølgeren fra valgdagen, slik at de tolv setene ([[24(1)]]) telles uten overlapp; de korte "
        "periodene etter [[25(2)]] slutter på samme måte ved neste ordinære partsmøte. Bare parter "
        "sitter i komiteen ([[24(1)]]): en stat må være part på valgdagen, og et medlem hvis oppsigelse "
        "har fått virkning, beholder setet i registeret, men sitter ikke lenger; en sesjons medlemmer er "
        "partene som har sete på sesjonsdatoen. Registeret viser det som er gjort: et valg, en sesjon "
        "eller en beslutning datert etter dagens dato avvises. Den regionale fordelingen ([[24(3)]]) og "
        "representantenes sakkunnskap ([[24(4)]]) rapporteres, men hindrer aldri et valg."
    ),
    "status.CONVENTION_IMMEDIATE_EFFECT_READING": (
        "[[Convention 33(3)]] leses som [[44]] i protokollen (ART44_READING): en part i en konflikt i"
        " situasjonene i [[Convention 18]] og [[Convention 19]] med art44=true i registeret er bundet"
        " fra den dagen den deponerer sitt ratifikasjons- eller tiltredelsesdokument, eller fra den "
        "registrerte dagen fiendtlighetene eller okkupasjonen begynte, om den er senere; aldri senere"
        " enn den ordinære datoen etter [[Convention 33]] og aldri før konvensjonen selv trådte i "
        "kraft etter [[Convention 33(1)]]."
    ),
    "status.BEFORE_IN_FORCE_READING": (
        "«Deretter» i [[43(2)]] (og i [[Convention 33(2)]]) leses som «etter at traktaten selv trådte"
        " i kraft». Hvert dokument som er deponert før den dagen, binder staten fra dagen traktaten "
        "trådte i kraft etter [[43(1)]] ([[Convention 33(1)]]): de tjue (fem) dokumentene som satte "
        "den i kraft, og ethvert som ble deponert etter det tjuende (femte), men før ikrafttredelsen "
        "(Slovakia, 11. februar 2004: bundet fra 9. mars 2004). Et dokument som er deponert på "
        "ikrafttredelsesdagen eller senere, får virkning tre måneder etter deponeringen ([[43(2)]], "
        "[[Convention 33(2)]])."
    ),
    "status.SIGNATURE_READING": (
        "En undertegning leses bare om den faller innenfor perioden traktaten var åpen for "
        "undertegning: 17. mai til 31. desember 1999 for protokollen ([[40]]), 14. mai til 31. "
        "desember 1954 for konvensjonen ([[Convention 30]]). En registerrad med en undertegning "
        "utenfor den perioden avvises når registeret leses. Undertegning alene binder aldri "
        "([[41(1)]]; [[Convention 31(1)]])."
    ),
    "status.RATIFICATION_READING": (
        "Ratifikasjon, godtakelse eller godkjenning er åpen for statene som har undertegnet "
        "([[41(1)]]; [[Convention 31(1)]], som bare nevner ratifikasjon). Registeret trenger ikke å "
        "føre undertegninger: et dokument tas slik depositaren betegner det, siden depositaren tar "
        "imot et slikt dokument bare fra en signatarstat, og der registeret fører statens "
        "undertegning, nevner funnet den. Konvensjonen nevner ikke godtakelse eller godkjenning: et "
        "dokument som er ført som det ene eller det andre, leses som en ratifikasjon ([[Convention "
        "31]]) og telles blant de fem i [[Convention 33(1)]]. Bare høye kontraherende parter til "
        "konvensjonen kan slutte seg til protokollen ([[40]], [[41]] og [[42]]); depositaren prøver "
        "dette når den tar imot et dokument, så protokollens register prøves ikke mot konvensjonens."
    ),
    "status.ACCESSION_READING": (
        "Tiltredelse er åpen fra 1. januar 2000 for protokollen ([[42(1)]]) og fra konvensjonens "
        "ikrafttredelse for konvensjonen ([[Convention 32]]). Et tiltredelsesdokument som er deponert"
        " tidligere, kommer for tidlig: det telles ikke med blant dokumentene som setter traktaten i "
        "kraft ([[43(1)]]; [[Convention 33(1)]] teller bare ratifikasjoner), og det binder ikke "
        "staten; funnet sier hvorfor. Der depositaren holdt et slikt dokument tilbake og behandlet "
        "det som mottatt på åpningsdagen, registreres den dagen som deponeringsdato."
    ),
    "status.SUCCESSION_READING": (
        "Verken protokollen eller konvensjonen har en artikkel om statssuksesjon. En notifikasjon om "
        "suksesjon binder etterfølgerstaten slik alminnelig folkerett har det (artikkel 23 nr. 1 i "
        "Wienkonvensjonen om statssuksesjon med hensyn til traktater, 1978): fra datoen for "
        "suksesjonen, ført i registeret som succession_date, eller fra datoen traktaten trådte i "
        "kraft om den er senere ([[43(1)]], [[Convention 33(1)]]). Der registeret ikke gir noen "
        "suksesjonsdato, brukes datoen for notifikasjonen, og funnet sier det. En suksesjon telles "
        "ikke med blant dokumentene som setter traktaten i kraft."
    ),
    "procedure.JURISDICTION_READING": (
        "[[11(2)]] gir anmodningen til «parten som har jurisdiksjon eller kontroll over kulturverdiene» "
        "(og [[11(9)]] hasteanmodningen til en part i konflikten for kulturverdier «under sin "
        "jurisdiksjon eller kontroll»). Lest her: en stat har jurisdiksjon eller kontroll en dag når et "
        "krav registrert for kulturverdien, med kilde, gjelder den dagen: et krav på kontroll, eller et "
        "krav på suverenitet eller jurisdiksjon over stedet. Et krav gjelder fra sin første dag (åpent "
        "om ingen er registrert) til dagen det opphørte, den dagen ikke medregnet (åpent om ingen er "
        "registrert), så dagen kontrollen går over, hører til den nye innehaveren. Fortegnelsen en "
        "post står i, er ikke et krav og gir ingen rett. Der mer enn én stat gjør krav på stedet den "
        "dagen, går anmodningen videre, og hvert krav som gjelder, registreres med den, hvert som et "
        "krav med hvem som fremsetter det og kilden, ingen som fastslått ([[11(4)]]). En foreløpig "
        "liste ([[11(1)]]) og komiteens oppfordring ([[11(2)]]) prøves på samme måte på sine datoer."
    ),
    "procedure.MILITARY_USE_READING": (
        "[[13(1)(b)]]: kulturverdier under forsterket beskyttelse mister den «dersom, og så lenge som, "
        "kulturverdiene på grunn av sin bruk har blitt et militært mål». Det er en følge av faktiske "
        "forhold, ikke en beslutning: en påstand om slik bruk registreres som et krav, med hvem som "
        "fremsetter den, når, for hvilken periode og på hvilket grunnlag, og den endrer aldri listen "
        "eller beskyttelseshistorikken. Bare komiteens beslutninger etter [[14]] opphever forsterket "
        "beskyttelse midlertidig eller varig ([[13(1)(a)]]); om et angrep på kulturverdien var "
        "lovlig, bedømmes etter [[13(2)]] ut fra fakta om angrepet."
    ),
    "procedure.CANCELLATION_READING": (
        "[[14(1)]]: når kulturverdier ikke lenger oppfyller et vilkår i [[10]], kan komiteen oppheve "
        "den forsterkede beskyttelsen midlertidig eller varig. [[14(2)]]: ved et alvorlig brudd på "
        "[[12]] på grunn av bruk til støtte for militære handlinger kan komiteen oppheve "
        "beskyttelsen midlertidig; «dersom slike brudd vedvarer, kan komiteen unntaksvis varig "
        "oppheve» den. Lest her: en varig opphevelse på grunnlag av [[12]] krever komiteens egen "
        "konstatering, registrert med forslaget, av at bruddene vedvarer; den krever ikke en "
        "forutgående midlertidig opphevelse, og om saken er et unntakstilfelle, er komiteens "
        "skjønn, uttrykt i avstemningen. En varig opphevelse på grunnlag av et vilkår i [[10]] "
        "bygger på [[14(1)]] og siteres slik; en på grunnlag av [[12]] siteres [[14(2)]]."
    ),
    "procedure.VIEWS_READING": (
        "[[14(4)]]: før komiteen opphever beskyttelsen midlertidig eller varig, «skal den gi partene "
        "mulighet til å uttale seg». Lest her: muligheten er fristen som settes når partene inviteres "
        "(siste dag registreres med invitasjonen); komiteen beslutter om midlertidig eller varig "
        "opphevelse først etter den dagen, og bare på grunnlag partene er invitert til å uttale seg om."
    ),
}
"""The bokmål text of each reading, keyed by ``module.CONSTANT``."""

TITLES: dict[str, tuple[str, str]] = {
    "MONTH_END_RULE": ("Months and years at month ends", "Måneder og år ved månedsslutt"),
    "SIXTY_DAYS_READING": ("'Within sixty days'", "«Innen seksti dager»"),
    "PRESENT_AND_VOTING_READING": ("'Present and voting'", "«Til stede og avgir stemme»"),
    "ART44_READING": (
        "Immediate effect for a party to a conflict",
        "Øyeblikkelig virkning for en part i en konflikt",
    ),
    "DENUNCIATION_READING": (
        "Denunciation during an armed conflict",
        "Oppsigelse under en væpnet konflikt",
    ),
    "TERM_READING": (
        "Committee terms and 'consecutive'",
        "Komiteens funksjonsperioder og «i sammenheng»",
    ),
    "REPORTING_READING": ("The four-yearly reports", "Rapportene hvert fjerde år"),
    "CONVENTION_IMMEDIATE_EFFECT_READING": (
        "Immediate effect under the Convention",
        "Øyeblikkelig virkning etter konvensjonen",
    ),
    "BEFORE_IN_FORCE_READING": (
        "Deposits before the treaty was in force",
        "Deponeringer før traktaten var i kraft",
    ),
    "SIGNATURE_READING": ("The period for signature", "Perioden for undertegning"),
    "RATIFICATION_READING": ("Ratification by signatories", "Ratifikasjon av signatarstater"),
    "ACCESSION_READING": ("Premature accessions", "Tiltredelser som kommer for tidlig"),
    "SUCCESSION_READING": (
        "Succession: the date of succession",
        "Suksesjon: datoen for suksesjonen",
    ),
    "MEMBERSHIP_READING": (
        "Who sits on the Committee, and when a Meeting ends a term",
        "Hvem som sitter i komiteen, og når et partsmøte avslutter en periode",
    ),
    "CULTURAL_PROPERTY_READING": (
        "What counts as cultural property",
        "Hva som regnes som kulturverdier",
    ),
    "ART19_MINIMUM_READING": (
        "The minimum in a non-international conflict",
        "Minimum i en ikke-internasjonal konflikt",
    ),
    "JURISDICTION_READING": (
        "Jurisdiction or control on the day",
        "Jurisdiksjon eller kontroll på dagen",
    ),
    "MILITARY_USE_READING": (
        "Military use asserted, never decided",
        "Militær bruk påstått, aldri besluttet",
    ),
    "CANCELLATION_READING": (
        "Cancellation for continuous violations",
        "Varig opphevelse ved vedvarende brudd",
    ),
    "VIEWS_READING": ("The period for the Parties' views", "Fristen for partenes synspunkter"),
    "FUND_READING": (
        "The Fund's ledger and the Committee's decisions",
        "Fondets regnskap og komiteens vedtak",
    ),
    "REPORT_STATUS_READING": ("A Party's report in a cycle", "En parts rapport i en syklus"),
    "NOTIFICATION_READING": ("The depositary's notifications", "Depositarens notifikasjoner"),
}
"""Short titles (en, nb); a reading without one is titled by its constant's name."""

CITED: dict[str, tuple[str, ...]] = {
    "MONTH_END_RULE": ("Art. 25(1)", "Art. 37(2)", "Art. 43", "Art. 45(3)"),
    "SIXTY_DAYS_READING": ("Art. 11(5)",),
}
"""The provisions of a reading whose text does not name them as the Protocol's own
(left out, the provisions are read from the English text's labels)."""


@dataclass(frozen=True)
class Reading:
    key: str
    """``module.CONSTANT`` within shield.treaty, e.g. ``status.ART44_READING``."""
    title: dict[str, str]
    text: dict[str, str]
    citations: tuple[Citation, ...]

    def text_in(self, lang: str) -> str:
        return self.text["nb" if lang == "nb" else "en"]

    def title_in(self, lang: str) -> str:
        return self.title["nb" if lang == "nb" else "en"]


def _is_reading(name: str) -> bool:
    return name.endswith("_READING") or name == "MONTH_END_RULE"


def _cited_in(text: str) -> tuple[Citation, ...]:
    """The provisions a reading's English text names (labels written 'Art. 11(5)')."""
    import re

    found: list[Citation] = []
    item = r"[0-9]+(?:\([0-9a-z]+\))*"
    for m in re.finditer(rf"(Convention )?Arts?\.\s*({item}(?:\s*(?:,|and)\s*{item})*)", text):
        try:
            cites = Citation.parse_many((m.group(1) or "") + "Arts. " + m.group(2))
        except ValueError:
            continue
        found.extend(c for c in cites if c not in found)
    return tuple(found)


def all_readings() -> tuple[Reading, ...]:
    """Every named reading of the package, in module order."""
    import shield.treaty as package
    from shield.treaty.refusals import render_labels

    out = []
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        if info.name in {"build_texts", "build_states", "readings"}:
            continue
        module = importlib.import_module(f"shield.treaty.{info.name}")
        for name, value in vars(module).items():
            if not (_is_reading(name) and isinstance(value, str)) or getattr(
                value, "__module__", None
            ):
                continue
            key = f"{info.name}.{name}"
            nb = NORWEGIAN.get(key)
            en_title, nb_title = TITLES.get(name, (name.replace("_", " ").capitalize(),) * 2)
            out.append(
                Reading(
                    key=key,
                    title={"en": en_title, "nb": nb_title},
                    text={"en": value, "nb": render_labels(nb, "nb") if nb else ""},
                    citations=(
                        tuple(Citation.parse(c) for c in CITED[name])
                        if name in CITED
                        else _cited_in(value)
                    ),
                )
            )
    seen: set[str] = set()
    unique = []
    for r in out:  # a constant imported into another module is the same reading
        if r.text["en"] in seen:
            continue
        seen.add(r.text["en"])
        unique.append(r)
    return tuple(unique)
