"""The one catalogue of issue codes: code → severity, title, message and fix in Danish and English.

Codes are stable: tests, users' scripts and docs/issues.md (generated from this file by
``python -m somxl.docgen``) refer to them. Prefixes: ``C`` case file (JSON) checks, ``F`` file
safety and type, ``R`` reading a workbook, ``V`` validation of values and cross-field rules,
``W`` SØM-specific hints, ``K`` a user's catalogue file, ``D`` distributing and collecting,
``X`` comparing versions and cases (diff, compare, scenarios, rounds), ``B`` what a workbook
somxl writes says (its data validations' error messages; a table's empty or cut note), ``E`` what a
command stops with (the text of the error it raises; a report it carries lists the issues),
``M`` what the command line says that is not an issue (what it wrote, progress, the
"Fejl: ..." line). Message templates take ``{value}``, ``{field}`` and the issue's own
parameters; they state what is wrong and the rule, and the ``fix`` states how to fix it. An F
code also has the ``headline`` a refused file's command ends with.

Every sentence somxl says to a user lives here and is said through ``report.say`` (or
``Issue.message``, or ``SomxlError.of``). What is not a sentence stays with what lays it out,
in one table each: labels and headings (sheet names, column headings, the words of a payer or
a severity: ``vocab.py``, the template spec, the writers' label tables), the guidance and
notes written into a workbook's cells (the template spec and the writers), and click's own
usage messages put into Danish (``cli._CLICK_DA``). The template spec's errors
(``SpecError``) are a developer's, not a user's, and stay with the spec's checks.
"""

from __future__ import annotations

from dataclasses import dataclass

from somxl.base.vocab import YEARS, pick

_FIRST_YEAR, _LAST_YEAR = YEARS


@dataclass(frozen=True)
class IssueDef:
    code: str
    severity: str  # one of vocab.SEVERITIES
    title_da: str
    title_en: str
    message_da: str
    message_en: str
    fix_da: str = ""
    fix_en: str = ""
    # F codes: the one line a command ends with when the file is refused ("Filen x.xlsx er tom."),
    # after the report that shows the message and fix; it takes {name}, the file's name.
    headline_da: str = ""
    headline_en: str = ""

    def text(self, lang: str, part: str) -> str:
        return getattr(self, f"{part}_{pick(lang, 'da', 'en')}")


_DEFS: list[IssueDef] = [
    IssueDef(
        "internal", "error", "Intern fejl", "Internal error",
        "somxl selv fejlede (en fejl i somxl, ikke en fejl i filen): {detail}.",
        "somxl itself failed (a fault in somxl, not in the file): {detail}.",
        "Send filen til somxl's udviklere.", "Send the file to the somxl developers.",
    ),
    # --- C: case file (JSON) -----------------------------------------------------------
    IssueDef(
        "C001", "error", "Ukendt skema", "Unknown schema",
        "«{value}» er ikke et somxl-sagsskema; en sag skal have \"schema\": \"{supported}\".",
        "«{value}» is not a somxl case schema; a case must have \"schema\": \"{supported}\".",
        "Kontroller, at filen er en somxl-sag, og ret feltet «schema».",
        "Check that the file is a somxl case and correct the field «schema».",
    ),
    IssueDef(
        "C002", "error", "Nyere skema", "Newer schema",
        "{value} er nyere end denne somxl, som kun læser {supported}.",
        "{value} is newer than this somxl, which reads {supported} only.",
        "Opdater somxl (python -m pip install -U somxl), eller få sagen gemt i {supported}.",
        "Upgrade somxl (python -m pip install -U somxl) or have the case saved as {supported}.",
    ),
    IssueDef(
        "C003", "error", "Ukendt felt", "Unknown field",
        "Feltet «{key}» kendes ikke; ukendte felter er en fejl, så en stavefejl ikke overses.",
        "The field «{key}» is not known; unknown fields are an error so that a typo is not missed.",
        "Fjern feltet, eller brug et af de tilladte: {allowed}.",
        "Remove the field or use one of the allowed ones: {allowed}.",
    ),
    IssueDef(
        "C004", "error", "Ukendt felt", "Unknown field",
        "Feltet «{key}» kendes ikke; mente du «{suggestion}»? Ukendte felter er en fejl, så en stavefejl ikke overses.",
        "The field «{key}» is not known; did you mean «{suggestion}»? Unknown fields are an error so that a typo is not missed.",
        "Ret navnet til «{suggestion}».",
        "Rename it to «{suggestion}».",
    ),
    IssueDef(
        "C005", "error", "Manglende værdi", "Missing value",
        "Et påkrævet felt mangler.",
        "A required field is missing.",
        "Udfyld {field}.",
        "Fill in {field}.",
    ),
    IssueDef(
        "C006", "error", "Forkert type", "Wrong type",
        "Værdien {value} har forkert type; her skal stå {expected_da}.",
        "The value {value} has the wrong type; this must be {expected_en}.",
        "Skriv {expected_da}.",
        "Enter {expected_en}.",
    ),
    IssueDef(
        "C007", "error", "Sagsfilen kan ikke læses", "The case file cannot be read",
        "{detail_da}.", "{detail_en}.",
        "Ret filen (den skal være JSON i UTF-8 efter somxl/case@2), eller lav den igen med somxl export.",
        "Fix the file (it must be UTF-8 JSON following somxl/case@2), or make it again with somxl export.",
    ),
    IssueDef(
        "C008", "error", "Gentaget nøgle", "Repeated key",
        "Nøglen «{key}» står mere end én gang i samme objekt; JSON-læsere er uenige om, hvilken værdi der gælder.",
        "The key «{key}» occurs more than once in the same object; JSON readers disagree on which value counts.",
        "Slet den forkerte af dem.", "Delete the wrong one.",
    ),
    IssueDef(
        "C009", "error", "Intet endeligt tal", "No finite number",
        "{value} er intet endeligt tal: for stort til at regne med (over ca. 1,8e308, som læses som uendeligt), "
        "eller NaN eller Infinity, som JSON ikke har, og som ingen celle i en projektmappe kan rumme.",
        "{value} is no finite number: too large to calculate with (above about 1.8e308, read as infinity), "
        "or NaN or Infinity, which JSON does not have and no cell of a workbook can hold.",
        "Skriv tallet med cifre i den rigtige størrelse.", "Write the number in digits of the right size.",
    ),
    # --- F: file safety and type ---------------------------------------------------------
    IssueDef(
        "F001", "error", "Filen findes ikke", "File not found",
        "Filen {file} findes ikke.", "The file {file} does not exist.",
        "Tjek stien og filnavnet.", "Check the path and the file name.",
        headline_da="Filen {name} findes ikke.",
        headline_en="The file {name} does not exist.",
    ),
    IssueDef(
        "F021", "error", "Ikke en almindelig fil", "Not a regular file",
        "{file} er ikke en almindelig fil, men fx en mappe, en enhed eller en pipe.",
        "{file} is not a regular file but e.g. a folder, a device or a pipe.",
        "Angiv stien til selve projektmappen (.xlsx).", "Give the path of the workbook (.xlsx) itself.",
        headline_da="{name} er ikke en almindelig fil.",
        headline_en="{name} is not a regular file.",
    ),
    IssueDef(
        "F002", "error", "Tom fil", "Empty file",
        "Filen er tom (0 byte).", "The file is empty (0 bytes).",
        "Bed afsenderen om at sende filen igen.", "Ask the sender to send the file again.",
        headline_da="Filen {name} er tom.",
        headline_en="The file {name} is empty.",
    ),
    IssueDef(
        "F003", "error", "For stor fil", "File too large",
        "Filen fylder {size_mb} MB; grænsen er {limit_mb} MB. Et SØM-inputark fylder normalt under 1 MB.",
        "The file is {size_mb} MB; the limit is {limit_mb} MB. A SØM input workbook is normally under 1 MB.",
        "Tjek, at det er den rigtige fil.", "Check that it is the right file.",
        headline_da="Filen {name} er for stor.",
        headline_en="The file {name} is too large.",
    ),
    IssueDef(
        "F004", "error", "Ikke et regneark", "Not a spreadsheet",
        "Filens indhold er hverken en Excel-projektmappe (.xlsx) eller et andet regneark, uanset filtypenavnet.",
        "The file's content is not an Excel workbook (.xlsx) nor any other spreadsheet, whatever its extension.",
        "Send den udfyldte .xlsx-skabelon.", "Send the filled-in .xlsx template.",
        headline_da="Filen {name} er ikke et regneark.",
        headline_en="The file {name} is not a spreadsheet.",
    ),
    IssueDef(
        "F005", "error", "Beskadiget fil", "Damaged file",
        "Filen er beskadiget, måske afkortet under overførslen; zip-arkivet kan ikke læses ({detail}).",
        "The file is damaged, perhaps cut short in transfer; the zip archive cannot be read ({detail}).",
        "Bed om filen igen, eller åbn den i Excel og gem den som en ny .xlsx.",
        "Ask for the file again, or open it in Excel and save it as a new .xlsx.",
        headline_da="Filen {name} er beskadiget og kan ikke læses.",
        headline_en="The file {name} is damaged and cannot be read.",
    ),
    IssueDef(
        "F006", "error", "Krypteret fil", "Encrypted file",
        "Filen er beskyttet med en adgangskode til at åbne den (krypteret), så den kan ikke læses.",
        "The file is protected with a password to open (encrypted), so it cannot be read.",
        "Åbn den i Excel, fjern adgangskoden (Filer > Oplysninger > Beskyt projektmappe > Krypter med "
        "adgangskode, slet adgangskoden) og gem den igen som .xlsx. Arkbeskyttelse uden adgangskode er i orden.",
        "Open it in Excel, remove the password (File > Info > Protect Workbook > Encrypt with Password, "
        "clear the password) and save it again as .xlsx. Sheet protection without a password is fine.",
        headline_da="Filen {name} er krypteret (beskyttet med adgangskode).",
        headline_en="The file {name} is encrypted (password protected).",
    ),
    IssueDef(
        "F007", "error", "Gammelt .xls-format", "Legacy .xls format",
        "Filen er i det gamle Excel 97-2003-format (.xls), som ikke læses.",
        "The file is in the old Excel 97-2003 format (.xls), which is not read.",
        "Åbn den i Excel og gem den som Excel-projektmappe (.xlsx).",
        "Open it in Excel and save it as an Excel Workbook (.xlsx).",
        headline_da="Filen {name} er i det gamle .xls-format.",
        headline_en="The file {name} is in the old .xls format.",
    ),
    IssueDef(
        "F008", "error", "OpenDocument-regneark", "OpenDocument spreadsheet",
        "Filen er et OpenDocument-regneark (.ods); det læses ikke, fordi formler og gemte værdier ikke "
        "kan læses lige så sikkert som i .xlsx.",
        "The file is an OpenDocument spreadsheet (.ods); it is not read, because formulas and cached "
        "values cannot be read as reliably as in .xlsx.",
        "Åbn den i LibreOffice og gem den som Excel 2007-365 (.xlsx).",
        "Open it in LibreOffice and save it as Excel 2007-365 (.xlsx).",
        headline_da="Filen {name} er et OpenDocument-regneark (.ods).",
        headline_en="The file {name} is an OpenDocument spreadsheet (.ods).",
    ),
    IssueDef(
        "F009", "error", "Tekstfil", "Text file",
        "Filen er en tekstfil (fx CSV, HTML eller XML), ikke en Excel-projektmappe, uanset filtypenavnet.",
        "The file is a text file (e.g. CSV, HTML or XML), not an Excel workbook, whatever its extension.",
        "Udfyld den udsendte .xlsx-skabelon og send den tilbage som .xlsx.",
        "Fill in the .xlsx template that was sent out and return it as .xlsx.",
        headline_da="Filen {name} er en tekstfil, ikke en Excel-projektmappe.",
        headline_en="The file {name} is a text file, not an Excel workbook.",
    ),
    IssueDef(
        "F010", "error", "Binær projektmappe (.xlsb)", "Binary workbook (.xlsb)",
        "Filen er en binær Excel-projektmappe (.xlsb), som ikke læses.",
        "The file is a binary Excel workbook (.xlsb), which is not read.",
        "Åbn den i Excel og gem den som Excel-projektmappe (.xlsx).",
        "Open it in Excel and save it as an Excel Workbook (.xlsx).",
        headline_da="Filen {name} er en binær projektmappe (.xlsb).",
        headline_en="The file {name} is a binary workbook (.xlsb).",
    ),
    IssueDef(
        "F011", "error", "For mange dele", "Too many parts",
        "Zip-arkivet har {count} dele; grænsen er {limit}. Det ligner ikke en projektmappe og kan være en zip-bombe.",
        "The zip archive has {count} parts; the limit is {limit}. It does not look like a workbook and may be a zip bomb.",
        "Tjek, at det er den rigtige fil.", "Check that it is the right file.",
        headline_da="Filen {name} har for mange dele.",
        headline_en="The file {name} has too many parts.",
    ),
    IssueDef(
        "F012", "error", "Mulig zip-bombe", "Possible zip bomb",
        "Indholdet fylder {size_mb} MB udpakket; grænsen er {limit_mb} MB. Filen læses ikke.",
        "The content is {size_mb} MB unpacked; the limit is {limit_mb} MB. The file is not read.",
        "Tjek, at det er den rigtige fil.", "Check that it is the right file.",
        headline_da="Filen {name} ligner en zip-bombe.",
        headline_en="The file {name} looks like a zip bomb.",
    ),
    IssueDef(
        "F013", "error", "Mulig zip-bombe", "Possible zip bomb",
        "Delen {part} pakkes {ratio} gange ud (grænse {limit} gange; almindelige projektmapper cirka 10 "
        "gange). Filen kan være en zip-bombe og læses ikke.",
        "The part {part} unpacks {ratio} times (limit {limit} times; ordinary workbooks about 10 times). "
        "The file may be a zip bomb and is not read.",
        "Tjek, at det er den rigtige fil.", "Check that it is the right file.",
        headline_da="Filen {name} ligner en zip-bombe.",
        headline_en="The file {name} looks like a zip bomb.",
    ),
    IssueDef(
        "F014", "error", "Farligt delnavn", "Unsafe part name",
        "Zip-arkivet har et ugyldigt eller dobbelt delnavn ({part}), fx et der peger uden for arkivet. Filen læses ikke.",
        "The zip archive has an invalid or duplicate part name ({part}), e.g. one pointing outside the archive. The file is not read.",
        "Åbn filen i Excel og gem den som en ny .xlsx.", "Open the file in Excel and save it as a new .xlsx.",
        headline_da="Filen {name} har et farligt delnavn.",
        headline_en="The file {name} has an unsafe part name.",
    ),
    IssueDef(
        "F015", "error", "Ikke en projektmappe", "Not a workbook",
        "Filen er et zip-arkiv, men ikke en Excel-projektmappe (fx et Word-dokument eller en mappe pakket som zip).",
        "The file is a zip archive but not an Excel workbook (e.g. a Word document or a zipped folder).",
        "Send den udfyldte .xlsx-skabelon.", "Send the filled-in .xlsx template.",
        headline_da="Filen {name} er ikke en Excel-projektmappe.",
        headline_en="The file {name} is not an Excel workbook.",
    ),
    IssueDef(
        "F016", "error", "Usikker XML", "Unsafe XML",
        "Delen {part} indeholder en XML-DTD eller entitetserklæring. Det bruger projektmapper ikke, og det "
        "kan være et angreb (entitetsbombe eller ekstern entitet), så filen læses ikke.",
        "The part {part} contains an XML DTD or entity declaration. Workbooks do not use them and they may "
        "be an attack (entity bomb or external entity), so the file is not read.",
        "Åbn filen i Excel og gem den som en ny .xlsx, hvis du stoler på afsenderen.",
        "Open the file in Excel and save it as a new .xlsx if you trust the sender.",
        headline_da="Filen {name} indeholder usikker XML og læses ikke.",
        headline_en="The file {name} contains unsafe XML and is not read.",
    ),
    IssueDef(
        "F017", "error", "Ugyldig XML", "Invalid XML",
        "Delen {part} er ikke gyldig XML ({detail}).", "The part {part} is not valid XML ({detail}).",
        "Åbn filen i Excel og gem den som en ny .xlsx.", "Open the file in Excel and save it as a new .xlsx.",
        headline_da="Filen {name} er beskadiget (ugyldig XML).",
        headline_en="The file {name} is damaged (invalid XML).",
    ),
    IssueDef(
        "F018", "error", "Manglende del", "Missing part",
        "Projektmappen mangler delen {part}.", "The workbook lacks the part {part}.",
        "Åbn filen i Excel og gem den som en ny .xlsx.", "Open the file in Excel and save it as a new .xlsx.",
        headline_da="Filen {name} mangler en del af projektmappen.",
        headline_en="The file {name} lacks a part of the workbook.",
    ),
    IssueDef(
        "F020", "error", "Kan ikke åbnes", "Cannot be opened",
        "Filen kan ikke åbnes: {detail}.", "The file cannot be opened: {detail}.",
        "Luk filen i andre programmer, og tjek at du har adgang til den.",
        "Close the file in other programs and check that you may read it.",
        headline_da="Filen {name} kan ikke åbnes.",
        headline_en="The file {name} cannot be opened.",
    ),
    IssueDef(
        "F022", "error", "Beskadiget indhold", "Damaged content",
        "Delen {part} er gyldig XML, men indeholder noget, formatet ikke tillader: {detail}.",
        "The part {part} is valid XML but holds something the format does not allow: {detail}.",
        "Åbn filen i Excel og gem den som en ny .xlsx, eller bed om filen igen.",
        "Open the file in Excel and save it as a new .xlsx, or ask for the file again.",
        headline_da="Filen {name} er beskadiget (et indhold, formatet ikke tillader).",
        headline_en="The file {name} is damaged (content the format does not allow).",
    ),
    IssueDef(
        "F023", "error", "For mange celler", "Too many cells",
        "Projektmappen har flere end {limit} celler med indhold (læst til og med {part}); et SØM-ark har "
        "et par tusinde. Filen læses ikke videre.",
        "The workbook has more than {limit} cells with content (read up to {part}); a SØM workbook has "
        "a few thousand. The file is not read further.",
        "Tjek, at det er den rigtige fil; slet tomme rækker og kolonner med indhold langt uden for tabellerne.",
        "Check that it is the right file; delete content far outside the tables.",
        headline_da="Filen {name} har for mange celler.",
        headline_en="The file {name} has too many cells.",
    ),
    IssueDef(
        "F024", "error", "For lang læsetid", "Reading takes too long",
        "Læsningen af projektmappen er stoppet efter {seconds} sekunder (i {part}); et SØM-ark læses på "
        "under et sekund.",
        "Reading the workbook was stopped after {seconds} seconds (in {part}); a SØM workbook reads "
        "in under a second.",
        "Tjek, at det er den rigtige fil, eller åbn den i Excel og gem den som en ny .xlsx.",
        "Check that it is the right file, or open it in Excel and save it as a new .xlsx.",
        headline_da="Filen {name} tager for lang tid at læse.",
        headline_en="The file {name} takes too long to read.",
    ),
    IssueDef(
        "F025", "error", "For lang tekst", "Text too long",
        "En celle i {part} har mere end {limit} tegn, som er det mest, en Excel-celle kan rumme.",
        "A cell in {part} holds more than {limit} characters, the most an Excel cell can hold.",
        "Filen er ikke gemt af Excel; bed om filen igen.", "The file was not saved by Excel; ask for the file again.",
        headline_da="Filen {name} har en for lang tekst i en celle.",
        headline_en="The file {name} has a text too long for a cell.",
    ),
    IssueDef(
        "F026", "error", "For stor del", "Part too large",
        "Delen {part} fylder {size_mb} MB udpakket; grænsen er {limit_mb} MB (i et SØM-ark under 0,1 MB).",
        "The part {part} is {size_mb} MB unpacked; the limit is {limit_mb} MB (under 0.1 MB in a SØM workbook).",
        "Tjek, at det er den rigtige fil, eller åbn den i Excel og gem den som en ny .xlsx.",
        "Check that it is the right file, or open it in Excel and save it as a new .xlsx.",
        headline_da="Filen {name} har en for stor del.",
        headline_en="The file {name} has a part too large.",
    ),
    IssueDef(
        "F027", "error", "Binær fil", "Binary file",
        "Filens indhold er binære data: hverken tekst (CSV, JSON, YAML) eller en Excel-projektmappe, uanset filtypenavnet.",
        "The file's content is binary data: neither text (CSV, JSON, YAML) nor an Excel workbook, whatever its extension.",
        "Tjek, at det er den rigtige fil; gem en liste som CSV eller .xlsx, en sag eller indstillinger som JSON.",
        "Check that it is the right file; save a list as CSV or .xlsx, a case or settings as JSON.",
        headline_da="Filen {name} er hverken tekst eller et regneark.",
        headline_en="The file {name} is neither text nor a spreadsheet.",
    ),
    IssueDef(
        "F028", "error", "Anførselstegn i listen", "Quote in the list",
        "Listen kan ikke læses fra række {row}: et anførselstegn (\") lukkes ikke, eller der står tegn efter "
        "et lukkende anførselstegn. Læst som det står, ville resten af rækken eller filen blive én celle.",
        "The list cannot be read from row {row}: a quote (\") is never closed, or characters follow a closing "
        "quote. Read as it stands, the rest of the row or of the file would become one cell.",
        "Ret eller fjern anførselstegnene i rækken, eller gem listen igen fra Excel som CSV (semikolonsepareret) "
        "eller .xlsx.",
        "Correct or remove the quotes in that row, or save the list again from Excel as CSV or .xlsx.",
        headline_da="Listen {name} har et anførselstegn, der ikke kan læses, i række {row}.",
        headline_en="The list {name} has a quote that cannot be read in row {row}.",
    ),
    IssueDef(
        "F101", "warning", "Makroer", "Macros",
        "Projektmappen indeholder makroer (VBA), uanset filtypenavnet. somxl kører dem aldrig, men "
        "skabelonen har ingen, så de er tilføjet af en anden.",
        "The workbook contains macros (VBA), whatever its extension. somxl never runs them, but the "
        "template has none, so someone else added them.",
        "Gem filen som Excel-projektmappe (.xlsx) uden makroer, hvis de ikke hører til.",
        "Save the file as an Excel Workbook (.xlsx) without macros if they do not belong there.",
    ),
    IssueDef(
        "F102", "warning", "Eksterne kæder", "External links",
        "Projektmappen har kæder til andre filer; de værdier, der læses, er gemte kopier og kan være forældede.",
        "The workbook links to other files; the values read are cached copies and may be out of date.",
        "Erstat kæderne med værdier i Excel (Data > Rediger kæder > Bryd kæde).",
        "Replace the links with values in Excel (Data > Edit Links > Break Link).",
    ),
    IssueDef(
        "F103", "warning", "Indlejrede objekter", "Embedded objects",
        "Projektmappen indeholder indlejrede objekter (fx andre dokumenter eller ActiveX-kontroller); de ignoreres.",
        "The workbook contains embedded objects (e.g. other documents or ActiveX controls); they are ignored.",
        "Fjern dem, hvis de ikke hører til.", "Remove them if they do not belong there.",
    ),
    # --- R: reading a workbook -----------------------------------------------------------
    IssueDef(
        "R001", "warning", "Tal skrevet som tekst", "Number typed as text",
        "Tallet er skrevet som tekst: «{value}» er læst som {read_da}.",
        "The number is typed as text: «{value}» was read as {read_en}.",
        "Tjek, at det er læst rigtigt, og skriv tallet som et tal.",
        "Check that it was read correctly, and enter the number as a number.",
    ),
    IssueDef(
        "R002", "error", "Tvetydigt tal", "Ambiguous number",
        "«{value}» kan læses både som {a_da} og som {b_da}; skilletegnet kan være tusindtals- eller decimaltegn.",
        "«{value}» can be read both as {a_en} and as {b_en}; the separator may mark thousands or decimals.",
        "Skriv tallet uden tusindtalsskilletegn: {a_da} eller {b_da}.",
        "Enter the number without a thousands separator: {a_en} or {b_en}.",
    ),
    IssueDef(
        "R003", "error", "Ikke et tal", "Not a number",
        "«{value}» er ikke et tal.", "«{value}» is not a number.",
        "Skriv {wanted_da}.", "Enter {wanted_en}.",
    ),
    IssueDef(
        "R004", "error", "Formel uden værdi", "Formula without value",
        "Cellen har formlen {formula}, men ingen gemt værdi, fordi programmet, der gemte filen, ikke beregnede "
        "den. Den læses ikke som 0.",
        "The cell has the formula {formula} but no cached value, because the program that saved the file did "
        "not calculate it. It is not read as 0.",
        "Åbn filen i Excel og gem den igen, eller skriv værdien i stedet for formlen.",
        "Open the file in Excel and save it again, or enter the value instead of the formula.",
    ),
    IssueDef(
        "R005", "error", "Fejlværdi", "Error value",
        "Cellen indeholder Excel-fejlen {value}.", "The cell holds the Excel error {value}.",
        "Ret formlen, eller skriv værdien direkte.", "Correct the formula or enter the value directly.",
    ),
    IssueDef(
        "R006", "warning", "Sandsynligvis procent", "Probably a percentage",
        "«{value}» er over 1 i en andel; det er sandsynligvis ment som {pct_da}, dvs. {fraction_da}. "
        "Andele er brøker: 25 % er 0,25.",
        "«{value}» is above 1 in a rate; it probably means {pct_en}, i.e. {fraction_en}. "
        "Rates are fractions: 25 % is 0.25.",
        "Skriv {pct_da} (med procenttegn) eller {fraction_da}.",
        "Enter {pct_en} (with the percent sign) or {fraction_en}.",
    ),
    IssueDef(
        "R007", "error", "Ikke et helt tal", "Not a whole number",
        "«{value}» er ikke et helt tal.", "«{value}» is not a whole number.",
        "Skriv et helt tal.", "Enter a whole number.",
    ),
    IssueDef(
        "R008", "error", "Ugyldigt årstal", "Invalid year",
        f"«{{value}}» er ikke et årstal mellem {_FIRST_YEAR} og {_LAST_YEAR}.",
        f"«{{value}}» is not a year between {_FIRST_YEAR} and {_LAST_YEAR}.",
        "Skriv årstallet med fire cifre, fx 2025.", "Enter the year with four digits, e.g. 2025.",
    ),
    IssueDef(
        "R009", "error", "Procent i et tal", "Percent in a number",
        "«{value}» har et procenttegn, men feltet er ikke en andel.",
        "«{value}» has a percent sign, but the field is not a rate.",
        "Skriv tallet uden procenttegn.", "Enter the number without the percent sign.",
    ),
    IssueDef(
        "R010", "error", "Dato i stedet for tal", "Date instead of a number",
        "Cellen indeholder en dato, ikke et tal; Excel kan have læst det indtastede som en dato (fx 1.5 som 1. maj).",
        "The cell holds a date, not a number; Excel may have read what was typed as a date (e.g. 1.5 as 1 May).",
        "Formatér cellen som tal, og skriv tallet igen med decimalkomma.",
        "Format the cell as a number and enter the number again.",
    ),
    IssueDef(
        "R011", "warning", "Navn peger på slettet celle", "Name refers to a deleted cell",
        "Det definerede navn {name} peger på en slettet celle (#REF!), så input kan ikke findes via navnet.",
        "The defined name {name} refers to a deleted cell (#REF!), so input cannot be found by the name.",
        "Brug en ny kopi af skabelonen, eller ret navnet under Formler > Navnestyring.",
        "Use a fresh copy of the template, or correct the name under Formulas > Name Manager.",
    ),
    # R012-R028: finding the SØM inputs in a returned workbook (somxl/workbook_in/read.py, validate.py)
    IssueDef(
        "R012", "error", "Ark mangler", "Sheet missing",
        "Arket «{sheet_name}» mangler i projektmappen, så disse input kan ikke læses: {inputs}.",
        "The sheet «{sheet_name}» is missing from the workbook, so these inputs cannot be read: {inputs}.",
        "Slet og omdøb ikke arkene. Udfyld de manglende input i en ny kopi (somxl fill laver en med det, der er læst).",
        "Do not delete or rename the sheets. Fill in the missing inputs in a new copy (somxl fill makes one from what was read).",
    ),
    IssueDef(
        "R013", "warning", "Ark omdøbt", "Sheet renamed",
        "Arket «{expected}» er omdøbt til «{sheet_name}»; input er fundet alligevel.",
        "The sheet «{expected}» has been renamed to «{sheet_name}»; the inputs were found anyway.",
        "Giv arket sit oprindelige navn igen.", "Give the sheet its original name again.",
    ),
    IssueDef(
        "R014", "info", "Navne fundet via metadata", "Names found via the metadata",
        "{count} definerede navne manglede eller pegede forkert ({names}); input er fundet via projektmappens metadata.",
        "{count} defined names were missing or wrong ({names}); the inputs were found via the workbook's metadata.",
        "Ingen handling nødvendig; brug helst en ny kopi af skabelonen næste gang.",
        "No action needed; preferably use a fresh copy of the template next time.",
    ),
    IssueDef(
        "R015", "error", "Input ikke fundet", "Input not found",
        "Feltet kan ikke findes: det definerede navn {name} mangler, og projektmappens metadata kan ikke bruges.",
        "The field cannot be found: the defined name {name} is missing and the workbook's metadata cannot be used.",
        "Udfyld feltet i en ny kopi af skabelonen.", "Fill in the field in a new copy of the template.",
    ),
    IssueDef(
        "R016", "error", "Ikke på listen", "Not in the list",
        "«{value}» er ikke en af listens værdier: {allowed}.",
        "«{value}» is not one of the list's values: {allowed}.",
        "Vælg en værdi på listen i cellen.", "Pick a value from the cell's list.",
    ),
    IssueDef(
        "R017", "info", "Tomt år talt som 0", "Blank year counted as 0",
        "Cellen er tom, men et senere år er udfyldt; den tælles som 0.",
        "The cell is blank but a later year is filled in; it counts as 0.",
        "Skriv 0, hvis det er meningen, ellers den rigtige ændring.",
        "Enter 0 if that is meant, otherwise the right change.",
    ),
    IssueDef(
        "R018", "error", "Halvt interval", "Half a range",
        "Kun den ene af lav og høj er udfyldt; et usikkerhedsinterval kræver begge.",
        "Only one of low and high is filled in; an uncertainty range needs both.",
        "Udfyld også denne celle, eller slet begge.", "Fill in this cell too, or clear both.",
    ),
    IssueDef(
        "R019", "warning", "Intet somxl-stempel", "No somxl stamp",
        "Projektmappen har ikke somxl's stempel (skabelon, version, sprog): den er ikke lavet med somxl, eller "
        "stemplet er fjernet. Input læses via navne og arknavne.",
        "The workbook lacks somxl's stamp (template, version, language): it was not made by somxl, or the stamp "
        "was removed. Inputs are read by names and sheet names.",
        "Brug en kopi lavet med somxl new eller somxl fill.", "Use a copy made by somxl new or somxl fill.",
    ),
    IssueDef(
        "R020", "error", "Anden skabelon", "Another template",
        "Projektmappen er lavet af skabelonen «{value}», ikke «{expected}».",
        "The workbook was made from the template «{value}», not «{expected}».",
        "Brug SØM-indtastningsarket fra somxl new.", "Use the SØM input workbook from somxl new.",
    ),
    IssueDef(
        "R021", "error", "Nyere skabelon", "Newer template",
        "Projektmappen er lavet med skabelon version {value} (somxl {made_by}); denne somxl ({version}) kender "
        "kun version {supported} og kan ikke vide, hvad der er ændret siden.",
        "The workbook was made with template version {value} (somxl {made_by}); this somxl ({version}) knows "
        "version {supported} only and cannot know what has changed since.",
        "Opdater somxl (python -m pip install -U somxl), eller bed om en kopi i version {supported}.",
        "Upgrade somxl (python -m pip install -U somxl), or ask for a copy in version {supported}.",
    ),
    IssueDef(
        "R022", "info", "Ældre skabelon overført", "Older template migrated",
        "Projektmappen er lavet med skabelon version {value}; det læste er overført til version {supported}.",
        "The workbook was made with template version {value}; what was read has been migrated to version {supported}.",
        "Lav en projektmappe i den nye version med somxl fill.", "Make a workbook in the new version with somxl fill.",
    ),
    IssueDef(
        "R023", "error", "Ældre skabelon", "Older template",
        "Projektmappen er lavet med skabelon version {value}, som denne somxl (version {supported}) ikke kan overføre.",
        "The workbook was made with template version {value}, which this somxl (version {supported}) cannot migrate.",
        "Udfyld en ny kopi fra somxl new, eller brug den somxl, der lavede arket.",
        "Fill in a new copy from somxl new, or use the somxl that made the workbook.",
    ),
    IssueDef(
        "R024", "info", "Skabelonen er ændret", "Template changed",
        "Skabelonen er ændret, siden projektmappen blev lavet (samme version {value}, andet spec-hash); "
        "input læses via navnene.",
        "The template has changed since the workbook was made (same version {value}, another spec hash); "
        "inputs are read by their names.",
    ),
    IssueDef(
        "R025", "warning", "Indsendelses-id ændret", "Submission id changed",
        "Kopien er stemplet med indsendelses-id «{expected}», men arket har «{value}»; svaret kan "
        "høre til en anden kopi.",
        "The copy is stamped with submission id «{expected}», but the workbook holds «{value}»; the answers "
        "may belong to another copy.",
        "Brug den kopi, der blev sendt ud, eller bed afsenderen om en ny.",
        "Use the copy that was sent out, or ask the sender for a new one.",
    ),
    IssueDef(
        "R026", "warning", "Ubesvarede spørgsmål", "Unanswered questions",
        "{count} af trinnets {total} spørgsmål har hverken svar eller status: {ids}.",
        "{count} of the step's {total} questions have neither an answer nor a status: {ids}.",
        "Svar på dem, eller sæt status til «mangler viden» eller «ikke relevant».",
        "Answer them, or set their status to «missing knowledge» or «not relevant».",
    ),
    IssueDef(
        "R027", "error", "Tidsgrænse overskredet", "Time limit exceeded",
        "Filen blev ikke læst inden for tidsgrænsen på {seconds} sekunder.",
        "The file was not read within the time limit of {seconds} seconds.",
        "Tjek, at det er den rigtige fil, eller giv en længere grænse med --timeout.",
        "Check that it is the right file, or give a longer limit with --timeout.",
    ),
    IssueDef(
        "R028", "error", "Ikke et SØM-indtastningsark", "Not a SØM input workbook",
        "Projektmappen har hverken SØM-skabelonens ark, navne eller metadata.",
        "The workbook has none of the SØM template's sheets, names or metadata.",
        "Send det udfyldte SØM-indtastningsark fra somxl new.", "Send the filled-in SØM input workbook from somxl new.",
    ),
    IssueDef(
        "R029", "error", "Ingen tekst", "No text",
        "Cellen holder {shown_da}; feltet er en tekst.",
        "The cell holds {shown_en}; the field is a text.",
        "Skriv teksten i cellen; skal der stå SAND eller FALSK, så skriv en apostrof foran ('SAND).",
        "Type the text in the cell; to have TRUE or FALSE there, type an apostrophe first ('TRUE).",
    ),
    # --- V: values and cross-field rules -------------------------------------------------
    IssueDef(
        "V001", "error", "Uden for interval", "Out of range",
        "Værdien {value} ligger uden for det tilladte interval {low} til {high}.",
        "The value {value} is outside the allowed range {low} to {high}.",
        "Ret værdien, så den ligger mellem {low} og {high}.",
        "Change the value to lie between {low} and {high}.",
    ),
    IssueDef(
        "V002", "error", "Negativ værdi", "Negative value",
        "Værdien {value} er negativ; beløb, priser og antal skal være 0 eller mere.",
        "The value {value} is negative; amounts, prices and counts must be 0 or more.",
        "Skriv et tal ≥ 0. En besparelse hører under sparede omkostninger, og et fald i forbrug "
        "skrives som en negativ ændring under konsekvenserne.",
        "Enter a number ≥ 0. A saving belongs under replaced costs, and a fall in use is entered "
        "as a negative change under the consequences.",
    ),
    IssueDef(
        "V003", "error", "Andel over 1", "Rate above 1",
        "Værdien {value} er over 1, men andele angives som brøk: 25 % er 0,25.",
        "The value {value} is above 1, but rates are fractions: 25 % is 0.25.",
        "Skriv {value} % som {suggested_da}.",
        "Enter {value} % as {suggested_en}.",
    ),
    IssueDef(
        "V004", "error", "Ikke en tilladt værdi", "Not an allowed value",
        "«{value}» er ikke en tilladt værdi; tilladt er {allowed}.",
        "«{value}» is not an allowed value; allowed are {allowed}.",
        "Vælg en af de tilladte værdier.",
        "Choose one of the allowed values.",
    ),
    IssueDef(
        "V005", "error", "Effekten mangler", "Effect missing",
        "Der er hverken en succesrate eller både en andel med og en andel uden indsatsen.",
        "There is neither a success rate nor both a rate with and a rate without the intervention.",
        "Udfyld succesraten, eller udfyld både andelen med og andelen uden indsatsen "
        "(succesraten bliver forskellen).",
        "Fill in the success rate, or both the rate with and the rate without the intervention "
        "(the success rate becomes the difference).",
    ),
    IssueDef(
        "V006", "error", "Negativ effekt", "Negative effect",
        "Andelen med indsatsen ({value}) er mindre end andelen uden ({rate_without}); "
        "succesraten = med − uden skal være 0 eller mere.",
        "The rate with the intervention ({value}) is below the rate without ({rate_without}); "
        "the success rate = with − without must be 0 or more.",
        "Kontroller de to andele; er de byttet om?",
        "Check the two rates; have they been swapped?",
    ),
    IssueDef(
        "V007", "error", "Prisindeks mangler", "Price index missing",
        "Prisåret {value} afviger fra beregningens prisår {price_year}, og prisindekset mangler "
        "for {missing}; beløbet omregnes med indeks({price_year}) / indeks({value}).",
        "The price year {value} differs from the calculation's price year {price_year}, and the "
        "price index has no value for {missing}; the amount is converted by "
        "index({price_year}) / index({value}).",
        "Tilføj nettoprisindeksets værdi for {missing} under prisindekset i indstillingerne, "
        "eller angiv beløbet i {price_year}-priser.",
        "Add the net price index for {missing} to the price index in the settings, or enter the "
        "amount in {price_year} prices.",
    ),
    IssueDef(
        "V008", "warning", "År uden for perioden", "Year outside the period",
        "Året {value} ligger uden for beregningsperioden {first}–{last} og tælles ikke med.",
        "The year {value} is outside the calculation period {first}–{last} and is not counted.",
        "Ret året, eller ændr startår eller tidshorisont.",
        "Correct the year, or change the start year or the horizon.",
    ),
    IssueDef(
        "V009", "error", "Ingen deltagere", "No participants",
        "Der er ingen deltagere i beregningsperioden; beregningen kræver mindst ét år med "
        "startende deltagere.",
        "There are no participants within the calculation period; the calculation needs at "
        "least one year with participants starting.",
        "Angiv antal startende deltagere pr. år.",
        "Enter the number of participants starting each year.",
    ),
    IssueDef(
        "V010", "error", "Dobbelt navn", "Duplicate name",
        "«{value}» står allerede i {first}; navnene skal være entydige, fordi resultater og "
        "usikkerhed henviser til dem.",
        "«{value}» already appears at {first}; names must be unique because results and the "
        "uncertainty refer to them.",
        "Giv linjerne forskellige navne, eller læg dem sammen.",
        "Give the lines different names or merge them.",
    ),
    IssueDef(
        "V011", "error", "Ukendt konsekvens", "Unknown consequence",
        "Usikkerheden nævner konsekvensen «{value}», som ikke findes blandt konsekvenserne.",
        "The uncertainty names the consequence «{value}», which is not among the consequences.",
        "Brug præcis samme navn som i konsekvenslisten.",
        "Use exactly the same name as in the list of consequences.",
    ),
    IssueDef(
        "V012", "error", "For mange værdier", "Too many values",
        "Listen har {count} værdier; højst {max} er tilladt.",
        "The list has {count} values; at most {max} are allowed.",
        "Forkort listen til {max} år.",
        "Shorten the list to {max} years.",
    ),
    IssueDef(
        "V013", "error", "Ugyldigt interval", "Invalid range",
        "Intervallet [{low}; {high}] omslutter ikke den indtastede værdi {mode}; en trekantsfordeling "
        "kræver lav ≤ værdi ≤ høj.",
        "The range [{low}; {high}] does not contain the entered value {mode}; a triangular "
        "distribution needs low ≤ value ≤ high.",
        "Ret den lave og den høje værdi.",
        "Correct the low and the high value.",
    ),
    IssueDef(
        "V014", "error", "Dobbelt år", "Duplicate year",
        "Året {value} står flere gange (første gang i {first}); hvert år må kun stå én gang.",
        "The year {value} appears more than once (first at {first}); each year may appear once.",
        "Læg deltagerne for året sammen på én linje.",
        "Add the participants of that year up on one line.",
    ),
    IssueDef(
        "V015", "warning", "Uden for kataloget", "Outside the catalogue",
        "«{value}» findes ikke i kataloget; egne værdier er tilladt i SØM.",
        "«{value}» is not in the catalogue; SØM allows values of your own.",
        "Kontroller stavemåden, eller vælg en værdi fra listen.",
        "Check the spelling or choose a value from the list.",
    ),
    IssueDef(
        "V016", "warning", "Dobbelt id", "Duplicate id",
        "Antagelsen «{value}» står allerede i {first}; hver antagelse bør have sit eget id.",
        "The assumption «{value}» already appears at {first}; each assumption should have its own id.",
        "Giv antagelsen et nyt id.",
        "Give the assumption a new id.",
    ),
    IssueDef(
        "V017", "warning", "Ugyldigt spørgsmåls-id", "Invalid question id",
        "«{value}» har ikke formen trin.spørgsmål (fx 1.1).",
        "«{value}» does not have the form step.question (e.g. 1.1).",
        "Brug skabelonens spørgsmåls-id.",
        "Use the template's question id.",
    ),
    IssueDef(
        "V018", "warning", "Ugyldig dato", "Invalid date",
        "«{value}» er ikke en dato på formen ÅÅÅÅ-MM-DD.",
        "«{value}» is not a date of the form YYYY-MM-DD.",
        "Skriv datoen som fx 2026-11-01.",
        "Enter the date as e.g. 2026-11-01.",
    ),
    IssueDef(
        "V019", "error", "For lang tekst", "Text too long",
        "Teksten har {length} tegn; en celle i Excel kan højst rumme {limit}.",
        "The text has {length} characters; an Excel cell holds at most {limit}.",
        "Forkort teksten, eller henvis til et dokument.", "Shorten the text, or refer to a document.",
    ),
    IssueDef(
        "V020", "error", "For lille værdi", "Value too small",
        "Værdien {value} er mindre end {low}, den mindste tilladte.",
        "The value {value} is less than {low}, the smallest allowed.",
        "Ret værdien til mindst {low}.", "Change the value to at least {low}.",
    ),
    IssueDef(
        "V021", "error", "For stor værdi", "Value too large",
        "Værdien {value} er større end {high}, den største tilladte.",
        "The value {value} is greater than {high}, the largest allowed.",
        "Ret værdien til højst {high}.", "Change the value to at most {high}.",
    ),
    IssueDef(
        "V022", "error", "Prisindeks ikke over 0", "Price index not above 0",
        "Prisindekset {value} er ikke over 0; et indeks deler beløb, så 0 eller et negativt tal giver ingen mening.",
        "The price index {value} is not above 0; an index divides amounts, so 0 or a negative number makes no sense.",
        "Skriv årets indeks, fx 100,0 for basisåret.", "Enter the year's index, e.g. 100.0 for the base year.",
    ),
    IssueDef(
        "V023", "error", "Scenarie navngivet to gange", "Scenario named twice",
        "Scenariet «{value}» findes også ved {first}; hvert scenarie skal have sit eget navn, så resultaterne kan "
        "skelnes.",
        "The scenario «{value}» also exists at {first}; each scenario needs its own name so the results can be "
        "told apart.",
        "Giv scenariet et andet navn, eller slet det ene.", "Give the scenario another name or delete one of them.",
    ),
    IssueDef(
        "V024", "error", "Scenariets tidshorisont er for lang", "Scenario horizon too long",
        "Scenariet regner over {value} år, men sagen har kun tal for {horizon} år; et scenarie kan forkorte "
        "tidshorisonten, ikke forlænge den.",
        "The scenario runs over {value} years, but the case has figures for {horizon} years only; a scenario can "
        "shorten the horizon, not lengthen it.",
        "Skriv højst {horizon}, eller forlæng sagens tidshorisont på arket Indstillinger.",
        "Enter at most {horizon}, or lengthen the case's horizon on the Settings sheet.",
    ),
    IssueDef(
        "V025", "error", "Ukendt konsekvens i scenarie", "Unknown consequence in scenario",
        "Scenariet udelader «{value}», men sagen har ingen konsekvens med det navn.",
        "The scenario leaves out «{value}», but the case has no consequence of that name.",
        "Skriv navnet præcis som på arket 5 Konsekvenser (flere navne adskilles med semikolon).",
        "Write the name exactly as on the sheet 5 Consequences (separate several names with semicolons).",
    ),
    IssueDef(
        "V026", "error", "Andel over 100 %", "Rate above 100 %",
        "{pct} er over 100 % (værdien «{value}» læst som andel); en andel ligger mellem 0 % og 100 %.",
        "{pct} is above 100 % (the value «{value}» read as a rate); a rate lies between 0 % and 100 %.",
        "Skriv procenten med procenttegn, fx 15 %, eller som brøk, fx 0,15.",
        "Enter the percentage with the percent sign, e.g. 15 %, or as a fraction, e.g. 0.15.",
    ),
    IssueDef(
        "V027", "error", "For mange linjer", "Too many lines",
        "Listen har {count} linjer; højst {max} kan beregnes (en SØM-sag har typisk nogle få til nogle snese).",
        "The list has {count} lines; at most {max} can be calculated (a SØM case typically has a few to a few dozen).",
        "Saml linjer, der hører sammen, eller del sagen op i flere sager.",
        "Combine lines that belong together, or split the case into several cases.",
    ),
    # --- W: SØM hints --------------------------------------------------------------------
    IssueDef(
        "W001", "warning", "Dødvægt ikke fratrukket", "Deadweight not deducted",
        "Succesraten ({rate}) er lig med andelen med indsatsen, selvom {rate_without} ville nå "
        "succesmålet uden indsatsen. SØM's succesrate er netto: når 12 % med og 2 % uden "
        "indsatsen kommer ud af hjemløshed, er succesraten 10 %, ikke 12 %.",
        "The success rate ({rate}) equals the rate with the intervention although "
        "{rate_without} would reach the success measure without it. SØM's success rate is net: "
        "when 12 % leave homelessness with the intervention and 2 % without, the success rate "
        "is 10 %, not 12 %.",
        "Brug {net} (med − uden) som succesrate, eller lad succesraten stå tom, så den beregnes.",
        "Use {net} (with − without) as the success rate, or leave it empty so that it is computed.",
    ),
    IssueDef(
        "W002", "warning", "Succesrate afviger", "Success rate differs",
        "Succesraten ({rate}) afviger fra andelen med minus andelen uden indsatsen ({net}); "
        "når alle tre er udfyldt, bruges succesraten.",
        "The success rate ({rate}) differs from the rate with minus the rate without ({net}); "
        "when all three are filled in, the success rate is used.",
        "Kontroller tallene, eller lad succesraten stå tom.",
        "Check the figures, or leave the success rate empty.",
    ),
    IssueDef(
        "W003", "warning", "Alle priser er 0", "All prices are 0",
        "Konsekvensen har ændringer, men prisen er 0 for kommune, region og stat, så den giver "
        "ingen gevinst.",
        "The consequence has changes but its price is 0 for kommune, region and stat, so it "
        "yields no gain.",
        "Angiv prisen pr. enhed for mindst én betaler.",
        "Enter the price per unit for at least one payer.",
    ),
    IssueDef(
        "W004", "warning", "Tom antagelseslog", "Empty assumption log",
        "Antagelsesloggen er tom; SØM anbefaler at dokumentere hvert valg i beregningen.",
        "The assumption log is empty; SØM recommends documenting every choice in the calculation.",
        "Skriv de vigtigste antagelser (kilde, sikkerhed, ansvarlig) i antagelsesloggen.",
        "Record the main assumptions (source, confidence, owner) in the assumption log.",
    ),
    IssueDef(
        "W005", "warning", "Ingen konsekvenser", "No consequences",
        "Der er ingen konsekvenser, så gevinsterne bliver 0.",
        "There are no consequences, so the gains are 0.",
        "Tilføj konsekvenserne pr. succesfuld deltager fra SØM's vidensdatabase eller egne data.",
        "Add the consequences per successful participant from SØM's knowledge database or own data.",
    ),
    IssueDef(
        "W006", "warning", "Ingen gennemfører i perioden", "Nobody completes within the period",
        "Forløbet varer {value} år, så ingen deltager gennemfører inden for tidshorisonten på "
        "{horizon} år, og gevinsterne bliver 0.",
        "The course lasts {value} years, so no participant completes within the horizon of "
        "{horizon} years, and the gains are 0.",
        "Forlæng tidshorisonten, eller kontroller forløbets længde.",
        "Extend the horizon or check the course length.",
    ),
    IssueDef(
        "W007", "warning", "Match ikke vurderet", "Match not assessed",
        "«{value}» er en af SØM's registerbaserede målgrupper: konsekvensestimaterne beskriver "
        "registerpopulationen, så de passer kun, hvis jeres målgruppe og succesmål svarer til dens.",
        "«{value}» is one of SØM's register-based target groups: its consequence estimates describe the "
        "register population, so they fit only if your target group and success measure match it.",
        "Vurdér, hvor godt målgruppe og succesmål svarer til vidensdatabasens (god, delvis, ringe), og skriv hvorfor.",
        "Assess how well target group and success measure match the knowledge base's (good, partial, poor), "
        "and write why.",
    ),
    # --- K: a user's catalogue file (somxl new/catalog --catalog) -------------------------
    IssueDef(
        "K001", "error", "Kataloget kan ikke læses", "Catalogue cannot be read",
        "Katalogfilen kan ikke læses: {detail}. Et katalog er en CSV-fil (Windows-1252 eller UTF-8, "
        "adskilt med ; eller ,) eller en .xlsx-fil med overskrifter i første række.",
        "The catalogue file cannot be read: {detail}. A catalogue is a CSV file (Windows-1252 or UTF-8, "
        "separated by ; or ,) or an .xlsx file with headings in the first row.",
        "Gem kataloget fra Excel som CSV eller .xlsx; se docs/knowledge.md.",
        "Save the catalogue from Excel as CSV or .xlsx; see docs/knowledge.md.",
    ),
    IssueDef(
        "K002", "error", "Kolonne mangler", "Column missing",
        "Kataloget mangler kolonnen «{column}»; en CSV-fil skal have kolonnen type, som siger, hvad hver linje er.",
        "The catalogue lacks the column «{column}»; a CSV file needs the column type, which says what each row is.",
        "Tilføj kolonnen i første række.", "Add the column to the first row.",
    ),
    IssueDef(
        "K003", "error", "Ukendt kolonne", "Unknown column",
        "Kolonnen «{value}» kendes ikke. Tilladte kolonner: {allowed}.",
        "The column «{value}» is not known. Allowed columns: {allowed}.",
        "Ret stavningen, eller fjern kolonnen.", "Correct the spelling or remove the column.",
    ),
    IssueDef(
        "K004", "error", "Ukendt type", "Unknown type",
        "«{value}» er ikke en katalogtype. Tilladte typer: {allowed}.",
        "«{value}» is not a catalogue type. Allowed types: {allowed}.",
        "Skriv en af de tilladte typer i kolonnen type.", "Enter one of the allowed types in the type column.",
    ),
    IssueDef(
        "K005", "error", "Værdi mangler", "Value missing",
        "Kolonnen «{column}» skal udfyldes for en linje af typen {type}.",
        "The column «{column}» must be filled in for a row of type {type}.",
        "Udfyld cellen, eller slet linjen.", "Fill in the cell or delete the row.",
    ),
    IssueDef(
        "K006", "error", "Ikke et tal", "Not a number",
        "«{value}» i kolonnen «{column}» er ikke et entydigt tal ≥ 0.",
        "«{value}» in the column «{column}» is not an unambiguous number ≥ 0.",
        "Skriv tallet uden tusindtalsseparator, fx 1234,5 eller 1234.5.",
        "Write the number without a thousands separator, e.g. 1234.5.",
    ),
    IssueDef(
        "K007", "error", "Ugyldig art", "Invalid kind",
        "«{value}» er ikke en art; brug udgift/expense eller indtægt/revenue.",
        "«{value}» is not a kind; use udgift/expense or indtægt/revenue.",
        "Ret værdien i kolonnen kind.", "Correct the value in the kind column.",
    ),
    IssueDef(
        "K008", "error", "Ugyldigt prisår", "Invalid price year",
        f"«{{value}}» er ikke et årstal mellem {_FIRST_YEAR} og {_LAST_YEAR}.",
        f"«{{value}}» is not a year between {_FIRST_YEAR} and {_LAST_YEAR}.",
        "Skriv prisåret som fx 2024.", "Enter the price year as e.g. 2024.",
    ),
    IssueDef(
        "K009", "error", "Manglende kolonne til konsekvenser", "Missing column for consequences",
        "Kataloget har linjer af typen {type}, men mangler kolonnen «{column}», som de skal have.",
        "The catalogue has lines of type {type} but lacks the column «{column}» that they need.",
        "Tilføj kolonnen i første række, og udfyld den for hver konsekvens (se docs/catalog.md).",
        "Add the column in the first row and fill it in for every consequence (see docs/catalog.md).",
    ),
    IssueDef(
        "K010", "error", "Kolonne gentaget", "Column repeated",
        "Kolonnen «{value}» findes allerede længere til venstre (måske under et dansk eller engelsk navn).",
        "The column «{value}» is already further left (perhaps under its Danish or English name).",
        "Slet eller omdøb den ene kolonne.", "Delete or rename one of the columns.",
    ),
    IssueDef(
        "K011", "error", "Ukendt ark", "Unknown sheet",
        "Arket har hverken et navn, der siger, hvad det indeholder, eller en kolonne type. Kendte arknavne: {sheets}.",
        "The sheet has neither a name that says what it holds nor a type column. Known sheet names: {sheets}.",
        "Omdøb arket (fx Målgrupper, Konsekvenser, Priser, Effekter), eller tilføj kolonnen type.",
        "Rename the sheet (e.g. Målgrupper, Konsekvenser, Priser, Effekter) or add a type column.",
    ),
    IssueDef(
        "K012", "error", "Værdi i forkert kolonne", "Value in a column that does not apply",
        "Kolonnen bruges ikke af linjer af typen {type}, så «{value}» ville blive overset.",
        "The column is not used by rows of type {type}, so «{value}» would be ignored.",
        "Flyt værdien til den rigtige kolonne, eller ret linjens type (se docs/knowledge.md).",
        "Move the value to the right column or correct the row's type (see docs/knowledge.md).",
    ),
    IssueDef(
        "K013", "error", "Hul i årene", "Gap in the years",
        "År {year} er tomt, men et senere år er udfyldt; ændringen skal stå for hvert år fra år 1.",
        "Year {year} is empty but a later year is filled in; the change must be given for every year from year 1.",
        "Skriv 0 for et år uden ændring.", "Enter 0 for a year without change.",
    ),
    IssueDef(
        "K014", "error", "Ændring er ikke et tal", "Change is not a number",
        "«{value}» er ikke et entydigt tal; ændringen pr. succesfuld deltager er et tal, et fald negativt.",
        "«{value}» is not an unambiguous number; the change per successful participant is a number, a decrease negative.",
        "Skriv tallet som fx -24,5 uden tusindtalsseparator.", "Enter the number as e.g. -24.5 without a thousands separator.",
    ),
    IssueDef(
        "K015", "error", "Ikke ja eller nej", "Not yes or no",
        "«{value}» er hverken ja eller nej.", "«{value}» is neither yes nor no.",
        "Skriv ja eller nej.", "Enter yes or no.",
    ),
    IssueDef(
        "K016", "error", "Ikke en andel", "Not a share",
        "«{value}» er ikke en andel fra 0 til 1 (eller en procent som 12 %).",
        "«{value}» is not a share from 0 to 1 (or a percentage such as 12 %).",
        "Skriv fx 0,12 eller 12 %.", "Enter e.g. 0.12 or 12 %.",
    ),
    IssueDef(
        "K017", "error", "Effekt uden succesrate", "Effect without a success rate",
        "En effektstørrelse skal have en succesrate eller både andelen med og uden indsatsen.",
        "An effect size needs a success rate or both the rate with and the rate without the intervention.",
        "Udfyld succesraten, eller begge andele.", "Fill in the success rate or both rates.",
    ),
    IssueDef(
        "K018", "error", "Tallene passer ikke sammen", "The figures do not fit together",
        "«{high_col}» ({value}) er mindre end «{low_col}».",
        "«{high_col}» ({value}) is less than «{low_col}».",
        "Kontroller tallene; måske er kolonnerne byttet om.", "Check the figures; perhaps the columns are swapped.",
    ),
    IssueDef(
        "K019", "error", "Linjen findes to gange", "Row given twice",
        "«{value}» står allerede i række {first} for samme målgruppe; en af dem ville blive overset.",
        "«{value}» is already in row {first} for the same target group; one of them would be ignored.",
        "Slet den ene linje, eller ret navnet.", "Delete one of the rows or correct the name.",
    ),
    IssueDef(
        "K020", "error", "Ukendt målgruppe", "Unknown target group",
        "Målgruppen «{value}» findes ikke i kataloget. Nærmeste: {closest}.",
        "The target group «{value}» is not in the catalogue. Closest: {closest}.",
        "Skriv navnet, som somxl catalog viser det, eller tilføj målgruppen i jeres katalog (--catalog).",
        "Enter the name as somxl catalog shows it, or add the target group to your catalogue (--catalog).",
    ),
    IssueDef(
        "K021", "error", "Flere fejl", "More problems",
        "Kataloget har mindst {count} fejl; resten af filen fra denne række er ikke læst.",
        "The catalogue has at least {count} problems; the rest of the file from this row is not read.",
        "Ret fejlene ovenfor (ofte er det samme fejl i hver række), eller tjek, at det er den rigtige fil.",
        "Correct the problems above (often the same one in every row), or check that it is the right file.",
    ),
    IssueDef(
        "K022", "error", "Ingen tekst", "No text",
        "Cellen holder {shown_da}; et navn i kataloget (en målgruppe, en konsekvens, en indsats, et område, en "
        "enhed) er en tekst eller et helt tal på højst 11 cifre (som Excel viser helt).",
        "The cell holds {shown_en}; a name in the catalogue (a target group, consequence, intervention, domain or "
        "unit) is a text or a whole number of at most 11 digits (which Excel shows whole).",
        "Skriv navnet som tekst i cellen.", "Type the name as text in the cell.",
    ),
    # --- D: distributing copies and collecting the answers (somxl distribute/collect) -----
    IssueDef(
        "D002", "error", "Kolonne mangler", "Column missing",
        "Modtagerlisten mangler kolonnen «{column}», som angiver afdelingen, hvert eksemplar sendes til.",
        "The recipient list lacks the column «{column}», which names the department each copy goes to.",
        "Tilføj kolonnen afdeling (eller department) i første række.",
        "Add the column afdeling (or department) to the first row.",
    ),
    IssueDef(
        "D003", "warning", "Ukendt kolonne", "Unknown column",
        "Kolonnen «{value}» kendes ikke og bruges ikke. Kendte kolonner: {allowed}.",
        "The column «{value}» is not known and is not used. Known columns: {allowed}.",
        "Ret stavningen, hvis kolonnen skulle bruges.", "Correct the spelling if the column was meant to be used.",
    ),
    IssueDef(
        "D004", "error", "Afdeling mangler", "Department missing",
        "Rækken har ingen afdeling; hvert eksemplar får sit filnavn og sin forudfyldte afdeling herfra.",
        "The row has no department; each copy takes its file name and its prefilled department from it.",
        "Udfyld afdelingen, eller slet rækken.", "Fill in the department or delete the row.",
    ),
    IssueDef(
        "D005", "error", "Indsendelses-id brugt to gange", "Submission id used twice",
        "Indsendelses-id'et «{value}» er også brugt i række {first}; hvert eksemplar skal have sit eget id, "
        "ellers kan svarene ikke skelnes.",
        "The submission id «{value}» is also used in row {first}; every copy needs its own id, or the "
        "answers cannot be told apart.",
        "Giv rækken sit eget id, eller fjern den dobbelte række.", "Give the row its own id or remove the duplicate row.",
    ),
    IssueDef(
        "D006", "error", "Ingen modtagere", "No recipients",
        "Modtagerlisten har ingen rækker under overskrifterne.",
        "The recipient list has no rows below the headings.",
        "Skriv en række pr. afdeling under overskrifterne.", "Add one row per department below the headings.",
    ),
    IssueDef(
        "D007", "error", "Listen kan ikke læses som tekst", "The list cannot be read as text",
        "Listen er ikke tekst i {encoding}: den holder op midt i et tegn eller har ugyldige bytes (ved byte {byte}); "
        "måske er den afkortet.",
        "The list is not text in {encoding}: it stops in the middle of a character or holds invalid bytes "
        "(at byte {byte}); perhaps it was cut short.",
        "Gem listen igen fra Excel som CSV (UTF-8) eller .xlsx.", "Save the list again from Excel as CSV (UTF-8) or .xlsx.",
    ),
    IssueDef(
        "D008", "error", "Fristen er ingen dato", "The deadline is no date",
        "Cellen er formateret som dato, men tallet {value} er ingen dag, Excel kan vise (1900-9999).",
        "The cell is formatted as a date, but the number {value} is no day Excel can show (1900-9999).",
        "Skriv fristen som en dato, fx 2027-01-15.", "Enter the deadline as a date, e.g. 2027-01-15.",
    ),
    IssueDef(
        "D010", "warning", "Ukendt indsendelses-id", "Unknown submission id",
        "Filens indsendelses-id «{value}» står ikke i udsendelseslisten.",
        "The file's submission id «{value}» is not in the distribution list.",
        "Tjek, om filen hører til denne udsendelse (eller er sendt videre og udfyldt i en anden kopi).",
        "Check whether the file belongs to this distribution (or was passed on and filled in another copy).",
    ),
    IssueDef(
        "D011", "warning", "Indsendelses-id modtaget flere gange", "Submission id returned more than once",
        "Indsendelses-id'et «{value}» findes også i {others}; samme eksemplar er kommet tilbage mere end én gang.",
        "The submission id «{value}» is also in {others}; the same copy came back more than once.",
        "Behold den seneste version, og flyt de andre ud af mappen.",
        "Keep the latest version and move the others out of the folder.",
    ),
    IssueDef(
        "D012", "warning", "Intet indsendelses-id", "No submission id",
        "Filen har intet indsendelses-id, så den kan ikke knyttes til en modtager i udsendelseslisten.",
        "The file has no submission id, so it cannot be matched to a recipient in the distribution list.",
        "Brug de eksemplarer, somxl distribute skrev; id'et står på det skjulte ark Metadata.",
        "Use the copies somxl distribute wrote; the id is on the hidden Metadata sheet.",
    ),
    IssueDef(
        "D013", "error", "Excel-fejlværdi i listen", "Excel error value in the list",
        "Cellen viser Excel's fejlværdi {value}: formlen bag den virker ikke, så cellen har ingen værdi.",
        "The cell shows Excel's error value {value}: the formula behind it fails, so the cell has no value.",
        "Ret formlen, eller skriv værdien i cellen (kopiér og indsæt som værdier).",
        "Correct the formula, or type the value in the cell (copy and paste as values).",
    ),
    IssueDef(
        "D014", "error", "For mange modtagere", "Too many recipients",
        "Listen har {count} modtagere; somxl laver højst {max} eksemplarer ad gangen (hver er en projektmappe på "
        "omkring 60 kB).",
        "The list has {count} recipients; somxl writes at most {max} copies at a time (each is a workbook of "
        "about 60 kB).",
        "Tjek, at det er den rigtige liste, eller del den op.", "Check that it is the right list, or split it.",
    ),
    IssueDef(
        "D015", "warning", "Flere ukendte kolonner", "More unknown columns",
        "Listen har {count} ukendte kolonner mere, som heller ikke bruges.",
        "The list has {count} more unknown columns, which are not used either.",
        "Tjek, at det er den rigtige liste.", "Check that it is the right list.",
    ),
    IssueDef(
        "D016", "error", "Ingen tekst", "No text",
        "Cellen holder {shown_da}; en afdeling, en modtager, en e-mail, et id eller en målgruppe er en tekst eller et "
        "helt tal på højst 11 cifre (som Excel viser helt, fx et omkostningssted 4200).",
        "The cell holds {shown_en}; a department, recipient, e-mail, id or target group is a text or a whole number "
        "of at most 11 digits (which Excel shows whole, e.g. a cost centre 4200).",
        "Skriv navnet som tekst i cellen.", "Type the name as text in the cell.",
    ),
    IssueDef(
        "D017", "error", "Fristen er ingen dato", "The deadline is no date",
        "Cellen holder {shown_da}; en frist er en dato (en celle formateret som dato eller en tekst som "
        "2027-01-15).",
        "The cell holds {shown_en}; a deadline is a date (a cell formatted as a date or a text such as "
        "2027-01-15).",
        "Skriv fristen som en dato, fx 2027-01-15.", "Enter the deadline as a date, e.g. 2027-01-15.",
    ),
    # --- X: comparing versions and cases (somxl diff, compare; scenarios; rounds) ----------
    IssueDef(
        "X001", "info", "Resultater ikke sammenlignet", "Results not compared",
        "{value} har {count} fejl og kan ikke beregnes, så kun input er sammenlignet.",
        "{value} has errors ({count}) and cannot be calculated, so only the inputs are compared.",
        "Ret fejlene (somxl validate {value}) for at se virkningen på resultaterne.",
        "Correct the errors (somxl validate {value}) to see the effect on the results.",
    ),
    IssueDef(
        "X002", "info", "Erstattet af en senere runde", "Superseded by a later round",
        "Filen er runde {round} af indsendelse «{value}»; {file} er runde {latest} og er den, der gælder.",
        "The file is round {round} of submission «{value}»; {file} is round {latest} and is the one that counts.",
        "Intet at gøre; flyt den gamle fil ud af mappen, hvis den ikke skal med i oversigten.",
        "Nothing to do; move the old file out of the folder if it should not be in the overview.",
    ),
    # --- B: what a workbook somxl writes says: the error messages of its data validations (shown
    # by Excel; the input message is the field's help text in the spec), and a table's empty or cut note
    IssueDef("B001", "info", "Ugyldig værdi", "Invalid value",
             "Ugyldig værdi",
             "Invalid value"),
    IssueDef("B002", "info", "Ikke på listen", "Not in the list",
             "Vælg en af værdierne på listen.",
             "Pick one of the values in the list."),
    IssueDef("B003", "info", "Ikke på listen", "Not in the list",
             "Værdien står ikke på listen. Vælg Ja for at bruge den alligevel.",
             "The value is not in the list. Choose Yes to use it anyway."),
    IssueDef("B004", "info", "For lang tekst", "Text too long",
             "Højst {limit} tegn.",
             "At most {limit} characters."),
    IssueDef("B005", "info", "Ikke en dato", "Not a date",
             "Skriv en dato som 2026-11-01.",
             "Enter a date such as 2026-11-01."),
    IssueDef("B006", "info", "Procent uden for interval", "Percentage out of range",
             "Skriv en procent fra {low} % til {high} %.",
             "Enter a percentage from {low} % to {high} %."),
    IssueDef("B007", "info", "Ikke et tal", "Not a number",
             "Skriv et tal.",
             "Enter a number."),
    IssueDef("B008", "info", "For lille tal", "Number too small",
             "Skriv et tal på mindst {low}.",
             "Enter a number of at least {low}."),
    IssueDef("B009", "info", "Helt tal uden for interval", "Whole number out of range",
             "Skriv et helt tal fra {low} til {high}.",
             "Enter a whole number from {low} to {high}."),
    IssueDef("B010", "info", "Tal uden for interval", "Number out of range",
             "Skriv et tal fra {low} til {high}.",
             "Enter a number from {low} to {high}."),
    IssueDef("B011", "info", "Ingen advarsler", "No warnings",
             "Ingen advarsler.",
             "No warnings."),
    IssueDef("B012", "info", "Ingen konsekvenser", "No consequences",
             "Ingen konsekvenser.",
             "No consequences."),
    IssueDef("B013", "info", "Ingen fund", "No issues",
             "Ingen fund.",
             "No issues."),
    IssueDef("B014", "info", "Tabellen er skåret af", "The table is cut",
             "Tabellen er skåret af efter {rows} rækker; hele tabellen: somxl collect --table FIL.csv",
             "The table is cut after {rows} rows; the whole table: somxl collect --table FILE.csv"),
    IssueDef("B015", "info", "Samme input", "Same inputs",
             "Sagerne har de samme input.",
             "The cases have the same inputs."),
    IssueDef("B016", "info", "Ingen udvalg", "No committees",
             "Ingen linjer har et udvalg, så der er ingen fordeling på udvalg.",
             "No line names a committee, so there is no split by committee."),
    # --- E: what a command stops with (the text of the error it raises; any report it carries
    # lists the issues). The message is the whole sentence, said after "Fejl: " (M002). ---------
    IssueDef("E001", "error", "Findes ikke", "Not found",
             "{path} findes ikke",
             "{path} does not exist"),
    IssueDef("E002", "error", "Kan ikke læses", "Cannot be read",
             "{path} kan ikke læses",
             "{path} cannot be read"),
    IssueDef("E003", "error", "Ikke en sag", "Not a case",
             "{path} er en projektmappe, ikke en sag (JSON)",
             "{path} is a workbook, not a case (JSON)"),
    IssueDef("E004", "error", "Sagen er ikke UTF-8", "The case is not UTF-8",
             "{path} er {encoding}-tekst; gem sagen som UTF-8",
             "{path} is {encoding} text; save the case as UTF-8"),
    IssueDef("E005", "error", "Sagen er ikke UTF-8", "The case is not UTF-8",
             "{path} er ikke UTF-8-tekst; gem sagen som UTF-8",
             "{path} is not UTF-8 text; save the case as UTF-8"),
    IssueDef("E006", "error", "Sagen er for dybt indlejret", "The case is nested too deep",
             "{path} er indlejret mere end {depth} niveauer dybt; en sag har 5",
             "{path} is nested more than {depth} levels deep; a case has 5"),
    IssueDef("E007", "error", "Ugyldig JSON", "Invalid JSON",
             "{path} er ikke gyldig JSON (linje {line}, kolonne {column}: {detail})",
             "{path} is not valid JSON (line {line}, column {column}: {detail})"),
    IssueDef("E008", "error", "Tal for langt", "Number too long",
             "{path} indeholder et tal med tusindvis af cifre; ret tallet",
             "{path} contains a number with thousands of digits; correct the number"),
    IssueDef("E039", "error", "For mange elementer", "Too many entries",
             "{path} har {count} elementer i {where}; ingen del af en sag har over {limit}",
             "{path} holds {count} entries in {where}; no part of a case has more than {limit}"),
    IssueDef("E009", "error", "Halvt tegn", "Half a character",
             "{path} indeholder tegnet U+{char} (en halv \\u-escape), som ikke kan gemmes; ret eller fjern det",
             "{path} contains the character U+{char} (half a \\u escape), which cannot be saved; correct or remove it"),
    IssueDef("E010", "error", "Sagen har fejl", "The case has errors",
             "sagen {path} har {count} fejl og kan ikke beregnes",
             "the case {path} has {errors} and cannot be calculated"),
    IssueDef("E011", "error", "Kataloget har fejl", "The catalogue has errors",
             "kataloget {path} har fejl",
             "the catalogue {path} has errors"),
    IssueDef("E012", "error", "Ingen filer", "No files",
             "ingen projektmapper (.xlsx, .xlsm) eller sager (.json) fundet i {where}",
             "no workbooks (.xlsx, .xlsm) or cases (.json) found in {where}"),
    IssueDef("E013", "error", "Ikke en mappe", "Not a folder",
             "{path} findes og er ikke en mappe",
             "{path} exists and is not a folder"),
    IssueDef("E014", "error", "Ikke en mappe", "Not a folder",
             "{path} er en fil, ikke en mappe",
             "{path} is a file, not a folder"),
    IssueDef("E015", "error", "Mappen findes ikke", "No such folder",
             "mappen {path} findes ikke",
             "folder {path} does not exist"),
    IssueDef("E016", "error", "Samme fil to gange", "One file twice",
             "{other} og {path} er samme fil; to resultater af én kørsel kan ikke have samme sti",
             "{other} and {path} are the same file; two outputs of one run cannot share a path"),
    IssueDef("E017", "error", "Input overskrives ikke", "An input is never overwritten",
             "{path} er en af inputfilerne; somxl overskriver aldrig en fil, den læser",
             "{path} is one of the input files; somxl never overwrites a file it reads"),
    IssueDef("E018", "error", "Filen findes", "The file exists",
             "{path} findes allerede (brug --force for at overskrive)",
             "{path} exists (use --force to overwrite)"),
    IssueDef("E019", "error", "Kan ikke skrives", "Cannot be written",
             "{path} kan ikke skrives ({reason}); er filen åben i Excel, eller mangler du adgang til mappen?",
             "{path} cannot be written ({reason}); is the file open in Excel, or may you not write to the folder?"),
    IssueDef("E020", "error", "Modtagerlisten kan ikke læses", "The recipient list cannot be read",
             "modtagerlisten {path} kan ikke læses",
             "the recipient list {path} cannot be read"),
    IssueDef("E021", "error", "Modtagerlisten kan ikke læses", "The recipient list cannot be read",
             "modtagerlisten {path}: {detail_da}",
             "the recipient list {path}: {detail_en}"),
    IssueDef("E022", "error", "Katalogfilen kan ikke læses", "The catalogue file cannot be read",
             "katalogfilen {path}: {detail_da}",
             "the catalogue file {path}: {detail_en}"),
    IssueDef("E023", "error", "Indstillingsfilen kan ikke læses", "The settings file cannot be read",
             "indstillingsfilen {path}: {detail_da}",
             "the settings file {path}: {detail_en}"),
    IssueDef("E024", "error", "Modtagerlisten har fejl", "The recipient list has errors",
             "modtagerlisten {path} har fejl",
             "the recipient list {path} has errors"),
    IssueDef("E025", "error", "Indstillingsfilen kan ikke læses", "The settings file cannot be read",
             "indstillingsfilen {path} kan ikke læses: {detail}",
             "the settings file {path} cannot be read: {detail}"),
    IssueDef("E035", "error", "Indstillingsfilen er ikke UTF-8", "The settings file is not UTF-8",
             "indstillingsfilen {path} er ikke UTF-8-tekst (byte {byte}); gem den som UTF-8",
             "the settings file {path} is not UTF-8 text (byte {byte}); save it as UTF-8"),
    IssueDef("E036", "error", "Indstillingsfilen er en projektmappe", "The settings file is a workbook",
             "indstillingsfilen {path} er en projektmappe; indstillinger er en JSON- eller YAML-fil",
             "the settings file {path} is a workbook; settings are a JSON or YAML file"),
    IssueDef("E026", "error", "Indstillingsfilen har ingen nøgler", "The settings file has no keys",
             "indstillingsfilen {path} skal indeholde nøgler som start_year og horizon_years",
             "the settings file {path} must hold keys such as start_year and horizon_years"),
    IssueDef("E027", "error", "Ukendte indstillinger", "Unknown settings",
             "ukendte indstillinger: {keys} (tilladt: {allowed})",
             "unknown settings: {keys} (allowed: {allowed})"),
    IssueDef("E028", "error", "Ugyldig indstilling", "Invalid setting",
             "indstillingen {key} skal være et helt tal fra {low} til {high}, ikke {got}",
             "setting {key} must be a whole number from {low} to {high}, not {got}"),
    IssueDef("E029", "error", "Ugyldig indstilling", "Invalid setting",
             "indstillingen {key} skal være et tal fra {low} til {high}, ikke {got}",
             "setting {key} must be a number from {low} to {high}, not {got}"),
    IssueDef("E030", "error", "Ugyldigt prisindeks", "Invalid price index",
             "price_index skal være år ({low}-{high}): indeks over 0, fx {{\"2024\": 100.0}}",
             "price_index must map year ({low}-{high}) to an index above 0, e.g. {{\"2024\": 100.0}}"),
    IssueDef("E031", "error", "For mange værdier", "Too many values",
             "{table} linje {row}: {key} har {count} værdier, højst {limit}",
             "{table} row {row}: {key} has {count} values, at most {limit}"),
    IssueDef("E032", "error", "Ukendt målgruppe", "Unknown target group",
             "målgruppen «{name}» findes ikke i kataloget",
             "the target group «{name}» is not in the catalogue"),
    IssueDef("E033", "error", "Kun én fil", "One file only",
             "--annotate kan kun bruges med én fil",
             "--annotate takes one file only"),
    IssueDef("E034", "error", "For få sager", "Too few cases",
             "compare skal have mindst to sager eller en sag med scenarier",
             "compare takes at least two cases, or one case with scenarios"),
    IssueDef("E037", "error", "Ikke en almindelig fil", "Not a regular file",
             "{path} er ikke en almindelig fil (en mappe, en enhed eller en pipe); angiv navnet på en fil",
             "{path} is not a regular file (a folder, a device or a pipe); give the name of a file"),
    IssueDef("E038", "error", "En indstilling står to gange", "A setting written twice",
             "nøglen {key} står to gange i indstillingsfilen {path}; slet den ene, så det er klart, hvilken værdi der låses",
             "the key {key} is written twice in the settings file {path}; delete one so that it is clear which value is locked"),
    IssueDef("E040", "error", "- er ikke et filnavn her", "- is no file name here",
             "- står for standardoutput (skærmen), som kun tager imod JSON; angiv et navn her (en fil eller mappe, "
             "der hedder -, skrives ./-)",
             "- stands for standard output (the screen), which takes JSON only; give a name here (a file or folder "
             "called - is written ./-)"),
    IssueDef("E041", "error", "Tomt navn", "Empty name",
             "navnet er tomt; angiv navnet på en fil eller mappe (. er den aktuelle mappe)",
             "the name is empty; give the name of a file or folder (. is the current folder)"),
    # --- M: what the command line says that is not an issue: what it wrote, progress, the
    # "Fejl: " line an error ends with. Never in a report. --------------------------------------
    IssueDef("M001", "info", "Skrevet", "Written",
             "Skrev {path}",
             "Wrote {path}"),
    IssueDef("M002", "info", "Fejl", "Error",
             "Fejl: {detail}",
             "Error: {detail}"),
    IssueDef("M003", "info", "Afbrudt", "Interrupted",
             "Afbrudt.",
             "Interrupted."),
    IssueDef("M004", "info", "Afbrudt", "Aborted",
             "Afbrudt.",
             "Aborted."),
    IssueDef("M005", "info", "Forudfyldt", "Prefilled",
             "Forudfyldt for «{group}»: {lines}; {effects} vist som hjælp",
             "Prefilled for «{group}»: {lines}; {effects} shown as hints"),
    IssueDef("M006", "info", "Skrevet til næste runde", "Written for the next round",
             "Skrev {path} (runde {round}, {errors} og {warnings} at rette)",
             "Wrote {path} (round {round}, {errors} and {warnings} to correct)"),
    IssueDef("M007", "info", "Fremdrift", "Progress",
             "{done}/{total} filer  {rate} filer/s",
             "{done}/{total} files  {rate} files/s"),
    IssueDef("M008", "info", "Hjælp", "Help",
             "Se {hint} for hjælp.",
             "Try {hint} for help."),
    IssueDef("M009", "info", "Udsendt", "Distributed",
             "Skrev {copies} og udsendelseslisten {path}",
             "Wrote {copies} and the manifest {path}"),
    IssueDef("M010", "info", "Gyldig", "Valid",
             "gyldig, ingen fund",
             "valid, no issues"),
    IssueDef("M011", "info", "Samme fund i flere celler", "One issue in several cells",
             "{title} i {count} celler. Fx {example}: {message}",
             "{title} in {count} cells. E.g. {example}: {message}"),
    IssueDef("M012", "info", "Ingen beløb", "No amounts",
             "{payer}: ingen beløb for denne betaler",
             "{payer}: no amounts for this payer"),
    IssueDef("M013", "info", "Ingen tilbagebetaling", "No break-even",
             "{payer}: betaler sig ikke hjem inden for horisonten",
             "{payer}: does not pay back within the horizon"),
    IssueDef("M014", "info", "Intet afkast", "No return",
             "{payer}: ingen nettoomkostninger, så intet afkast pr. krone",
             "{payer}: no net costs, so no return per krone"),
    IssueDef("M015", "info", "Om -", "About -",
             "Om -: {reasons}.",
             "About -: {reasons}."),
    IssueDef("M016", "info", "Demoen", "The demo",
             "Demoen er skrevet i {path}/\nTom projektmappe til at sende ud: {blank}\nHvert eksempel er udfyldt i en projektmappe, læst igen, valideret og beregnet:",
             "Demo written to {path}/\nBlank workbook to send out: {blank}\nEach sample was filled into a workbook, read back, validated and calculated:"),
    IssueDef("M017", "info", "Åbn et resultatark", "Open a result workbook",
             "Åbn et resultatark i Excel: ret et input (fx succesraten på '4 Effekt'), og resultaterne følger med.",
             "Open a result workbook in Excel: change an input (e.g. the success rate on '4 Effect') and the results follow."),
    IssueDef("M018", "info", "Portefølje", "Portfolio",
             "Portefølje ({included} af {files}): nettoresultat {net}, gevinster {gains}, nettoomkostninger {costs} (nutidsværdier, i alt)",
             "Portfolio ({included} of {files}): net result {net}, gains {gains}, net costs {costs} (present values, total)"),
    IssueDef("M019", "info", "Filer", "Files",
             "{files}: {valid}, {invalid}, {unreadable}",
             "{files}: {valid}, {invalid}, {unreadable}"),
    IssueDef("M020", "info", "somxl fejlede", "somxl failed",
             ", {count} som somxl fejlede på",
             ", {count} on which somxl failed"),
    IssueDef("M021", "info", "Mangler svar", "Not returned",
             "Mangler svar fra: {count} af {recipients}",
             "Not returned yet: {count} of {recipients}"),
    IssueDef("M022", "info", "Ingen forskelle", "No differences",
             "Ingen forskelle i input: {old} og {new} er samme sag.",
             "No input differs: {old} and {new} are the same case."),
    IssueDef("M023", "info", "Forskelle", "Differences",
             "{inputs} er ændret fra {old} til {new}:",
             "{inputs} changed from {old} to {new}:"),
    IssueDef("M024", "info", "Runden", "The round",
             "Runden omkring eksemplerne, som i en rigtig udsendelse:\n"
             "  {recipients}: listen over {departments}\n"
             "  {folder}/: en projektmappe til hver afdeling og manifestet {manifest}\n"
             "  {overview}: svarene samlet mod manifestet; {received} af {copies} modtaget, {valid}, "
             "nettoresultat i alt {net} kr.\n"
             "  {comparison}: sagerne side om side",
             "The round around the samples, as in a real one:\n"
             "  {recipients}: the list of {departments}\n"
             "  {folder}/: a workbook for each department and the manifest {manifest}\n"
             "  {overview}: the answers collected against the manifest; {received} of {copies} received, "
             "{valid}, net result in total DKK {net}\n"
             "  {comparison}: the cases side by side"),
]

CATALOGUE: dict[str, IssueDef] = {d.code: d for d in _DEFS}

