"""The one catalogue of issue codes: code → severity, title, message and fix in Danish and English.

Codes are stable: tests, users' scripts and docs/issues.md (generated from this file by
``python -m somxl.docgen``) refer to them. Prefixes: ``C`` case file (JSON) checks,
``F`` file safety and type, ``R`` reading a workbook, ``V`` validation of values and
cross-field rules, ``W`` SØM-specific hints. Message templates take ``{value}``,
``{field}`` and the issue's own parameters; they state what is wrong and the rule, and
the ``fix`` states how to fix it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class IssueDef:
    code: str
    severity: str  # "error" | "warning" | "info"
    title_da: str
    title_en: str
    message_da: str
    message_en: str
    fix_da: str = ""
    fix_en: str = ""

    def text(self, lang: str, part: str) -> str:
        return getattr(self, f"{part}_{'en' if lang == 'en' else 'da'}")


_DEFS: list[IssueDef] = [
    IssueDef(
        "internal", "error", "Intern fejl", "Internal error",
        "Der opstod en uventet fejl: {detail}.", "An unexpected error occurred: {detail}.",
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
        "Der mangler en værdi; {field} skal udfyldes.",
        "A value is missing; {field} is required.",
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
    # --- F: file safety and type ---------------------------------------------------------
    # --- R: reading a workbook -----------------------------------------------------------
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
        "Skriv {value} % som {suggested}.",
        "Enter {value} % as {suggested}.",
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
        "Skriv {value} % som {suggested}.",
        "Enter {value} % as {suggested}.",
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
    # --- W: SØM hints --------------------------------------------------------------------
    IssueDef(
        "W001", "warning", "Dødvægt ikke fratrukket", "Deadweight not deducted",
        "Succesraten ({value}) er lig med andelen med indsatsen, selvom {rate_without} ville nå "
        "succesmålet uden indsatsen. SØM's succesrate er netto: når 12 % med og 2 % uden "
        "indsatsen kommer ud af hjemløshed, er succesraten 10 %, ikke 12 %.",
        "The success rate ({value}) equals the rate with the intervention although "
        "{rate_without} would reach the success measure without it. SØM's success rate is net: "
        "when 12 % leave homelessness with the intervention and 2 % without, the success rate "
        "is 10 %, not 12 %.",
        "Brug {net} (med − uden) som succesrate, eller lad succesraten stå tom, så den beregnes.",
        "Use {net} (with − without) as the success rate, or leave it empty so that it is computed.",
    ),
    IssueDef(
        "W002", "warning", "Succesrate afviger", "Success rate differs",
        "Succesraten ({value}) afviger fra andelen med minus andelen uden indsatsen ({net}); "
        "når alle tre er udfyldt, bruges succesraten.",
        "The success rate ({value}) differs from the rate with minus the rate without ({net}); "
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
        "W001", "warning", "Dødvægt ikke fratrukket", "Deadweight not deducted",
        "Succesraten ({value}) er lig med andelen med indsatsen, selvom {rate_without} ville nå "
        "succesmålet uden indsatsen. SØM's succesrate er netto: når 12 % med og 2 % uden "
        "indsatsen kommer ud af hjemløshed, er succesraten 10 %, ikke 12 %.",
        "The success rate ({value}) equals the rate with the intervention although "
        "{rate_without} would reach the success measure without it. SØM's success rate is net: "
        "when 12 % leave homelessness with the intervention and 2 % without, the success rate "
        "is 10 %, not 12 %.",
        "Brug {net} (med − uden) som succesrate, eller lad succesraten stå tom, så den beregnes.",
        "Use {net} (with − without) as the success rate, or leave it empty so that it is computed.",
    ),
    IssueDef(
        "W002", "warning", "Succesrate afviger", "Success rate differs",
        "Succesraten ({value}) afviger fra andelen med minus andelen uden indsatsen ({net}); "
        "når alle tre er udfyldt, bruges succesraten.",
        "The success rate ({value}) differs from the rate with minus the rate without ({net}); "
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
]

CATALOGUE: dict[str, IssueDef] = {d.code: d for d in _DEFS}

