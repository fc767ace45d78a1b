"""The French of our messages: the problems of invalid inputs (exit 2) and the command line's own.

English template -> French, `{name}` for a variable part (kept as written), `{msg...}` for a
message translated in turn. More specific templates come first; the generic suffixes last.
A test translates every message of the invalid-input corpus and checks no entry is dead.
"""

from __future__ import annotations

from cpg_score.cli._french import Catalogue

__all__ = ["MESSAGES"]

_READING = {
    "file is empty: expected a YAML mapping": "le fichier est vide : un dictionnaire YAML est attendu",
    "file is not UTF-8 text: byte {byte} cannot be decoded (save the file as UTF-8)": (
        "le fichier n'est pas du texte UTF-8 : l'octet {byte} ne peut être décodé "
        "(enregistrez le fichier en UTF-8)"
    ),
    "file too large: {size} bytes, more than max_bytes = {limit} (raise it with {flag})": (
        "fichier trop gros : {size} octets, plus que max_bytes = {limit} (augmentez-le avec {flag})"
    ),
    "document too large once aliases are expanded (an alias bomb?): more than max_nodes = {limit} "
    "nodes (raise it with {flag})": (
        "document trop grand une fois les alias développés (une bombe d'alias ?) : plus de "
        "max_nodes = {limit} nœuds (augmentez-le avec {flag})"
    ),
    "document nested too deeply: more than max_depth = {limit} levels (raise it with {flag})": (
        "document trop imbriqué : plus de max_depth = {limit} niveaux (augmentez-le avec {flag})"
    ),
    "malformed YAML: {detail}": "YAML mal formé : {detail}",
    "several YAML documents in one file ({count}); put each in its own file": (
        "plusieurs documents YAML dans un fichier ({count}) : mettez chacun dans son propre fichier"
    ),
    "tab character used for indentation; YAML indents with spaces only": (
        "tabulation utilisée pour l'indentation : YAML indente avec des espaces uniquement"
    ),
    "tag {tag} is not allowed: a file holds plain values only, no tags": (
        "l'étiquette {tag} n'est pas admise : un fichier ne contient que des valeurs simples, sans étiquette"
    ),
    "control character {code} is not allowed in a YAML file (remove it)": (
        "le caractère de contrôle {code} n'est pas admis dans un fichier YAML (supprimez-le)"
    ),
    "character {code} is not allowed in a YAML file (remove it)": (
        "le caractère {code} n'est pas admis dans un fichier YAML (supprimez-le)"
    ),
    "duplicate key {key} (first at line {line}); a key may appear only once": (
        "clé {key} en double (première à la ligne {line}) : une clé ne peut figurer qu'une fois"
    ),
    "missing required key {key} (or {other}, for its default)": (
        "clé obligatoire {key} manquante (ou {other}, pour sa valeur par défaut)"
    ),
    "missing required key {key} (or {other})": "clé obligatoire {key} manquante (ou {other})",
    "missing required key {key}": "clé obligatoire {key} manquante",
    "unknown key {key}; expected one of {keys}": "clé inconnue {key} ; clés attendues : {keys}",
    "unknown key {key}": "clé inconnue {key}",
    "expected a mapping, got {value}": "un dictionnaire est attendu, reçu {value}",
    "expected a number, got a list": "un nombre est attendu, reçu une liste",
    "expected a whole number, got {value}": "un nombre entier est attendu, reçu {value}",
    "expected text, got a mapping": "du texte est attendu, reçu un dictionnaire",
}

_NUMBERS = {
    "not a finite number: {value}": "pas un nombre fini : {value}",
    "not a number: {value}": "pas un nombre : {value}",
    "not a fraction: {value} (write it a/b, e.g. 1/3)": (
        "pas une fraction : {value} (écrivez-la a/b, par exemple 1/3)"
    ),
    "a fraction's denominator must not be 0, got {value}": (
        "le dénominateur d'une fraction ne doit pas être 0, reçu {value}"
    ),
    "a fraction's parts cannot be percents, got {value}": (
        "les termes d'une fraction ne peuvent pas être des pourcentages, reçu {value}"
    ),
    "too many digits ({count} > {limit}) in a number": "trop de chiffres ({count} > {limit}) dans un nombre",
    "number out of range: {value} (numbers must be below 1e15 in size, with at most 30 decimal places)": (
        "nombre hors limites : {value} (les nombres doivent être inférieurs à 1e15 en valeur absolue, "
        "avec au plus 30 décimales)"
    ),
    "non-ASCII digit {digit} ({code}) in number {value}: write digits 0-9": (
        "chiffre non ASCII {digit} ({code}) dans le nombre {value} : écrivez les chiffres 0-9"
    ),
    "this value cannot be a percent, got {value}": (
        "cette valeur ne peut pas être un pourcentage, reçu {value}"
    ),
    "a share must be between 0 % and 100 %, got {value}": (
        "une part doit être comprise entre 0 % et 100 %, reçu {value}"
    ),
    "a share must be between 0 and 1, got {value} (the indicator is a share unless it declares its "
    "unit: add `unit: days`, `count`, `euros` or `number` to it, or write {percent} % for a percent)": (
        "une part doit être comprise entre 0 et 1, reçu {value} (l'indicateur est une part sauf s'il "
        "déclare son unité : ajoutez-lui `unit: days`, `count`, `euros` ou `number`, ou écrivez "
        "{percent} % pour un pourcentage)"
    ),
    "a share must be between 0 and 1, got {value} (write {percent} % for a percent)": (
        "une part doit être comprise entre 0 et 1, reçu {value} (écrivez {percent} % pour un pourcentage)"
    ),
    "a value in days must be >= 0, got {value}": "une valeur en jours doit être >= 0, reçu {value}",
    "{field} must be >= 0, got {value}": "{field} doit être >= 0, reçu {value}",
    "{field} must be > 0, got {value}": "{field} doit être > 0, reçu {value}",
}

_IDS_AND_TEXT = {
    "an id must not hold a control character ({code}), got {value}": (
        "un id ne doit pas contenir de caractère de contrôle ({code}), reçu {value}"
    ),
    "{field} must not hold a control character ({code}), got {value}": (
        "{field} ne doit pas contenir de caractère de contrôle ({code}), reçu {value}"
    ),
    "empty id: each key here is the id of a figure": "id vide : chaque clé ici est l'id d'un chiffre",
    "empty id: each key here is the id of an indicator or objective": (
        "id vide : chaque clé ici est l'id d'un indicateur ou d'un objectif"
    ),
    "id {id} differs from {other} (line {line}) only by case; ids must differ by more than case": (
        "l'id {id} ne diffère de {other} (ligne {line}) que par la casse : les ids doivent différer "
        "par plus que la casse"
    ),
    "id {id} is used twice ({msg_first} and {msg_second})": (
        "l'id {id} est employé deux fois ({msg_first} et {msg_second})"
    ),
    "variant id {id} is used twice": "l'id de variante {id} est employé deux fois",
    "branch {id} is listed twice": "la branche {id} figure deux fois",
    "{field} must be one of {choices}, got {value}": "{field} doit valoir {choices}, reçu {value}",
}

_GRIDS = {
    "objective points add up to {sum}, not to the declared total {total}": (
        "les points des objectifs totalisent {sum}, et non le total déclaré {total}"
    ),
    "objective {id}: the weights of its indicators are all 0": (
        "objectif {id} : les poids de ses indicateurs sont tous nuls"
    ),
    "floor must differ from target: both are the baseline, equal for any baseline "
    "(the rule would be all or nothing)": (
        "le seuil doit différer de la cible : tous deux valent la référence, égaux quelle que soit la "
        "référence (la règle serait du tout ou rien)"
    ),
    "floor must differ from target, both are {value}": (
        "le seuil doit différer de la cible, tous deux valent {value}"
    ),
    "steps must be sorted by increasing threshold when higher is better, got {first} then {second}": (
        "les paliers doivent être triés par seuil croissant quand plus haut vaut mieux, reçu {first} "
        "puis {second}"
    ),
    "cap ({cap}) must not be below the last point's rate ({rate})": (
        "le plafond ({cap}) ne doit pas être inférieur au taux du dernier point ({rate})"
    ),
    "points must hold at least 2 points (a single threshold is a steps rule), got {count}": (
        "points doit contenir au moins 2 points (un seuil unique est une règle de paliers), reçu {count}"
    ),
    "of_target applies to the floor only (« 90 % de la cible »)": (
        "of_target ne s'applique qu'au seuil (« 90 % de la cible »)"
    ),
    "a note must lie between 0 and out_of, got {value}": (
        "une note doit être comprise entre 0 et out_of, reçu {value}"
    ),
    "a note scale needs out_of (the top note, e.g. 5)": (
        "une échelle de notes demande out_of (la note maximale, par exemple 5)"
    ),
    "a percent scale takes no out_of: it is out of 100": (
        "une échelle en pourcentage ne prend pas de out_of : elle est sur 100"
    ),
    "grid {grid} has no points variant {variant} (its variants: none)": (
        "la grille {grid} n'a pas de variante de points {variant} (elle n'en a aucune)"
    ),
    "grid {grid} has no points variant {variant} (its variants: {variants})": (
        "la grille {grid} n'a pas de variante de points {variant} (ses variantes : {variants})"
    ),
}

_RESULTS = {
    "results are for grid {grid}, not for {other}": (
        "les résultats sont pour la grille {grid}, pas pour {other}"
    ),
    "results are for period {period}, the grid for {other}": (
        "les résultats sont pour la période {period}, la grille pour {other}"
    ),
    "no indicator or objective {id} in grid {grid}": (
        "aucun indicateur ni objectif {id} dans la grille {grid}"
    ),
    'objective {id} has no result and is not neutralised (write "-" or "neutralised: <reason>" '
    "to neutralise it)": (
        "l'objectif {id} n'a pas de résultat et n'est pas neutralisé (écrivez « - » ou "
        "« neutralised: <motif> » pour le neutraliser)"
    ),
    'objective {id} has no result and is not neutralised (type "-" in its Résultat cell, the reason in '
    "Commentaire, to neutralise it)": (
        "l'objectif {id} n'a pas de résultat et n'est pas neutralisé (tapez « - » dans sa cellule "
        "Résultat, et le motif dans Commentaire, pour le neutraliser)"
    ),
    'objective {id} has no result and is not neutralised (type "-" in its cell to neutralise it)': (
        "l'objectif {id} n'a pas de résultat et n'est pas neutralisé (tapez « - » dans sa cellule pour "
        "le neutraliser)"
    ),
    'indicator {id} has no result and is not neutralised (write "-" or "neutralised: <reason>" '
    "to neutralise it)": (
        "l'indicateur {id} n'a pas de résultat et n'est pas neutralisé (écrivez « - » ou "
        "« neutralised: <motif> » pour le neutraliser)"
    ),
    'indicator {id} has no result and is not neutralised (type "-" in its Résultat cell, the reason in '
    "Commentaire, to neutralise it)": (
        "l'indicateur {id} n'a pas de résultat et n'est pas neutralisé (tapez « - » dans sa cellule "
        "Résultat, et le motif dans Commentaire, pour le neutraliser)"
    ),
    'indicator {id} has no result and is not neutralised (type "-" in its cell to neutralise it)': (
        "l'indicateur {id} n'a pas de résultat et n'est pas neutralisé (tapez « - » dans sa cellule pour "
        "le neutraliser)"
    ),
    "objective {id} takes its rate directly: it has no floor or target to override": (
        "l'objectif {id} prend son taux directement : il n'a ni seuil ni cible à remplacer"
    ),
    "the rule of indicator {id} ({kind}) has no floor or target to override": (
        "la règle de l'indicateur {id} ({kind}) n'a ni seuil ni cible à remplacer"
    ),
    "indicator {id} is scored against its baseline (relative rule): its result needs a `baseline` "
    "(the previous period's result)": (
        "l'indicateur {id} est évalué par rapport à sa référence (règle relative) : son résultat "
        "demande une `baseline` (le résultat de la période précédente)"
    ),
    "indicator {id} is scored by a {kind} rule, which reads numbers: got {value}": (
        "l'indicateur {id} est évalué par une règle {kind}, qui lit des nombres : reçu {value}"
    ),
    "{value} is a yes/no answer, but this indicator is met at a threshold of {threshold}: "
    "write the measured value": (
        "{value} est une réponse oui/non, mais cet indicateur est atteint à un seuil de {threshold} : "
        "écrivez la valeur mesurée"
    ),
    "{value} is not a yes/no answer: write oui/non, yes/no, true/false or 1/0": (
        "{value} n'est pas une réponse oui/non : écrivez oui/non, yes/no, true/false ou 1/0"
    ),
    "{value} is not a date: month {month} of {year} has {days} days": (
        "{value} n'est pas une date : le mois {month} de {year} a {days} jours"
    ),
    "{value}: this rule declares no refusal (add refusal: true to the grid's rule)": (
        "{value} : cette règle ne prévoit pas de refus (ajoutez refusal: true à la règle de la grille)"
    ),
    "no class {name} in the rule's weights ({names})": (
        "pas de classe {name} dans les poids de la règle ({names})"
    ),
}

_PROFIT_SHARING = {
    "national theme {theme} has a weight but no rate: every theme of weights needs a rate in rates, "
    "and only those": (
        "le thème national {theme} a un poids mais pas de taux : chaque thème de weights demande un "
        "taux dans rates, et seulement ceux-là"
    ),
    "the local trigger is written twice: keep local.trigger": (
        "le seuil de déclenchement local est écrit deux fois : gardez local.trigger"
    ),
    "salary_bill must be above 0 and at most 1e15 euros, got {value}": (
        "salary_bill doit être supérieur à 0 et au plus 1e15 euros, reçu {value}"
    ),
    "split must add up to 100 %, got {national} + {local} (national + local)": (
        "split doit totaliser 100 %, reçu {national} + {local} (national + local)"
    ),
}

#: The spreadsheet reader's messages (CSV and xlsx tables of results).
_TABLES = {
    "{value} is given twice for entity {entity} (first at line {line})": (
        "{value} est donné deux fois pour l'entité {entity} (la première à la ligne {line})"
    ),
    "{value} is given twice for entity {entity} (first at {cell})": (
        "{value} est donné deux fois pour l'entité {entity} (la première en {cell})"
    ),
    "entity {entity} is given twice (first at line {line})": (
        "l'entité {entity} est donnée deux fois (la première à la ligne {line})"
    ),
    "a result without an entity (column {column}): {value}": (
        "un résultat sans entité (colonne {column}) : {value}"
    ),
    "a result without an indicator id (column {column}): {value}": (
        "un résultat sans id d'indicateur (colonne {column}) : {value}"
    ),
    "a value in column {column}, which has no header: {value}": (
        "une valeur dans la colonne {column}, qui n'a pas d'en-tête : {value}"
    ),
    "column {column} is for a table of one row per indicator (with an Id column)": (
        "la colonne {column} est pour un tableau d'une ligne par indicateur (avec une colonne Id)"
    ),
    "unknown column {column}; the columns read are {columns}": (
        "colonne inconnue {column} ; les colonnes lues : {columns}"
    ),
    "no results table found: expected a header row with the columns Id and Résultat (one row per "
    "indicator), or Entité and one column per indicator": (
        "aucun tableau de résultats trouvé : il faut une ligne d'en-tête avec les colonnes Id et "
        "Résultat (une ligne par indicateur), ou Entité et une colonne par indicateur"
    ),
    "empty file: expected a table with a header row": (
        "fichier vide : un tableau avec une ligne d'en-tête est attendu"
    ),
    "empty file: expected an xlsx workbook": "fichier vide : un classeur xlsx est attendu",
    "cannot read the workbook: the file is damaged or is not an xlsx workbook": (
        "impossible de lire le classeur : le fichier est endommagé ou n'est pas un classeur xlsx"
    ),
    "not an xlsx workbook (not a zip archive); an .xls file: save it as .xlsx": (
        "pas un classeur xlsx (pas une archive zip) ; un fichier .xls : enregistrez-le en .xlsx"
    ),
    "file is neither UTF-8 nor Windows-1252 text: byte {byte} cannot be decoded (save the table as "
    "CSV UTF-8)": (
        "le fichier n'est ni du texte UTF-8 ni du Windows-1252 : l'octet {byte} ne peut être décodé "
        "(enregistrez le tableau en CSV UTF-8)"
    ),
    "formula without a value: open and save the file in Excel or LibreOffice first": (
        "formule sans valeur : ouvrez et enregistrez d'abord le fichier dans Excel ou LibreOffice"
    ),
    "objective {id} is scored by a {kind} rule, which reads numbers: got {value}": (
        "l'objectif {id} est évalué par une règle {kind}, qui lit des nombres : reçu {value}"
    ),
    "the table gives no result: every Résultat cell is empty": (
        "le tableau ne donne aucun résultat : toutes les cellules Résultat sont vides"
    ),
    "the table gives no result: every indicator's cell is empty": (
        "le tableau ne donne aucun résultat : toutes les cellules des indicateurs sont vides"
    ),
    "unknown row {row} above the header row; did you mean {guess}?": (
        "ligne inconnue {row} au-dessus de la ligne d'en-tête ; vouliez-vous dire {guess} ?"
    ),
    "{value} differs from the grid's floor (Seuil) of {id}, which a table cannot change ({what}): "
    "write the grid's or clear the cell; an entity's own bounds go in a targets file (--targets)": (
        "{value} diffère du seuil de la grille pour {id}, qu'un tableau ne peut pas changer ({what}) : "
        "écrivez celui de la grille ou videz la cellule ; les bornes propres d'une entité vont dans "
        "un fichier de cibles (--targets)"
    ),
    "{value} differs from the grid's target (Cible) of {id}, which a table cannot change ({what}): "
    "write the grid's or clear the cell; an entity's own bounds go in a targets file (--targets)": (
        "{value} diffère de la cible de la grille pour {id}, qu'un tableau ne peut pas changer ({what}) : "
        "écrivez celle de la grille ou videz la cellule ; les bornes propres d'une entité vont dans "
        "un fichier de cibles (--targets)"
    ),
    "an .xls workbook (Excel 97-2003) cannot be read: save it as .xlsx or as CSV": (
        "un classeur .xls (Excel 97-2003) ne peut pas être lu : enregistrez-le en .xlsx ou en CSV"
    ),
    "an .ods workbook (OpenDocument) cannot be read: save it as .xlsx or as CSV": (
        "un classeur .ods (OpenDocument) ne peut pas être lu : enregistrez-le en .xlsx ou en CSV"
    ),
    "file starts as UTF-16 text but is not: save the table as CSV UTF-8": (
        "le fichier commence comme du texte UTF-16 mais n'en est pas : enregistrez le tableau en CSV UTF-8"
    ),
    "table too large: more than max_nodes = {limit} cells (raise it with {flag})": (
        "tableau trop grand : plus de max_nodes = {limit} cellules (augmentez-le avec {flag})"
    ),
    "table too large: it spans more than {ratio} x max_nodes = {cells} cells, empty ones included "
    "(raise it with {flag})": (
        "tableau trop grand : il s'étend sur plus de {ratio} x max_nodes = {cells} cellules, vides "
        "comprises (augmentez-le avec {flag})"
    ),
    "a table of results is read with its grid: give the grid (--grid GRID)": (
        "un tableau de résultats se lit avec sa grille : donnez la grille (--grid GRILLE)"
    ),
    "holds the results of {entity}, not of {other}": "contient les résultats de {entity}, pas de {other}",
    "the table holds {count} entities ({ids}): choose one with --entity ID": (
        "le tableau contient {count} entités ({ids}) : choisissez-en une avec --entity ID"
    ),
    "no entity {entity} in the table; did you mean {guess}? (its entities: {ids})": (
        "aucune entité {entity} dans le tableau ; vouliez-vous dire {guess} ? (ses entités : {ids})"
    ),
    "no entity {entity} in the table (its entities: {ids})": (
        "aucune entité {entity} dans le tableau (ses entités : {ids})"
    ),
}

#: The command line's own messages.
_CLI = {
    "give either --example NAME or GRID RESULTS, not both": (
        "donnez soit --example NOM, soit GRILLE RÉSULTATS, pas les deux"
    ),
    "give GRID and RESULTS files, or --example NAME (see `cpg-score examples`)": (
        "donnez les fichiers GRILLE et RÉSULTATS, ou --example NOM (voir `cpg-score examples`)"
    ),
    "--format {fmt} writes a binary file: give --output FILE (e.g. -o {example})": (
        "--format {fmt} écrit un fichier binaire : donnez --output FICHIER (par exemple -o {example})"
    ),
    "profit-sharing: give GRID and RESULTS together, or neither": (
        "profit-sharing : donnez GRILLE et RÉSULTATS ensemble, ou aucun des deux"
    ),
    "{path}: --html and --output name the same file; give each its own file": (
        "{path} : --html et --output désignent le même fichier ; donnez à chacun le sien"
    ),
    "{path}: not a results, grid, tree or totals file @ $": (
        "{path} : ni un fichier de résultats, ni une grille, ni une arborescence, ni des totaux @ $"
    ),
    "no results file among the files given": "aucun fichier de résultats parmi les fichiers donnés",
    "{path}: entity {id} is also in {other}: give each entity once (a table's entity without a name "
    "takes its file's name)": (
        "{path} : l'entité {id} figure aussi dans {other} : donnez chaque entité une seule fois (l'entité "
        "sans nom d'un tableau prend le nom de son fichier)"
    ),
    "{path}: the table holds no entity's results": (
        "{path} : le tableau ne contient les résultats d'aucune entité"
    ),
    "{path}: no results file (.yaml, .csv, .xlsx) in this directory": (
        "{path} : aucun fichier de résultats (.yaml, .csv, .xlsx) dans ce dossier"
    ),
    "--entity-label needs --entity ID (the entity's id)": (
        "--entity-label demande --entity ID (l'id de l'entité)"
    ),
    "--entity: an entity id cannot be empty": "--entity : un id d'entité ne peut pas être vide",
    "--entity {id}: an id is letters, digits, '.', '_' or '-', starting with a letter or digit (a name "
    "goes in --entity-label)": (
        "--entity {id} : un id s'écrit avec des lettres, des chiffres, « . », « _ » ou « - », et commence "
        "par une lettre ou un chiffre (un nom va dans --entity-label)"
    ),
    "a table of results is checked against its grid: give one grid alongside": (
        "un tableau de résultats se vérifie avec sa grille : donnez une grille avec lui"
    ),
    "--targets applies to the base results: give --results RESULTS too": (
        "--targets s'applique aux résultats de base : donnez aussi --results RÉSULTATS"
    ),
    "a scenario names no base results file: give --base RESULTS": (
        "un scénario ne nomme pas de fichier de résultats de base : donnez --base RÉSULTATS"
    ),
    "the scenarios name different base results files; compare scenarios of one base, or give "
    "--base RESULTS": (
        "les scénarios nomment des fichiers de résultats de base différents : comparez des scénarios "
        "d'une même base, ou donnez --base RÉSULTATS"
    ),
    "results for {id} were given as input: nothing to consolidate": (
        "les résultats de {id} sont parmi les entrées : rien à consolider"
    ),
    "{path}: not a directory: --output-dir names a folder": (
        "{path} : pas un dossier : --output-dir désigne un dossier"
    ),
    "{path}: no .yaml file in this directory": "{path} : aucun fichier .yaml dans ce dossier",
    "no schema named {name}; the schemas are: {names}": "aucun schéma nommé {name} ; les schémas : {names}",
    "no shipped example named {name}; the examples are: {names}": (
        "aucun exemple livré nommé {name} ; les exemples : {names}"
    ),
    "{path}: refusing to overwrite an input file with the output": (
        "{path} : refus d'écraser un fichier d'entrée par la sortie"
    ),
    "no local rate: give the entity's scorecard or the parameters' local.rate": (
        "pas de taux local : donnez le tableau de bord de l'entité ou local.rate dans les paramètres"
    ),
    "cpg-score: interrupted": "cpg-score : interrompu",
    "cpg-score: internal error: {error} (set CPG_SCORE_DEBUG=1 for the traceback, and please report it)": (
        "cpg-score : erreur interne : {error} (définissez CPG_SCORE_DEBUG=1 pour la trace, et "
        "signalez-la s'il vous plaît)"
    ),
}

#: argparse's usage errors (exit 2), and the argument types' own.
_USAGE = {
    "the following arguments are required: {names}": "arguments obligatoires manquants : {names}",
    "one of the arguments {names} is required": "l'un des arguments {names} est obligatoire",
    "unrecognized arguments: {names}": "arguments non reconnus : {names}",
    "argument {name}: invalid choice: {value} (choose from {choices})": (
        "argument {name} : choix invalide : {value} (choisissez parmi {choices})"
    ),
    "argument {name}: expected one argument": "argument {name} : un argument est attendu",
    "argument {name}: expected {count} arguments": "argument {name} : {count} arguments sont attendus",
    "argument {name}: ignored explicit argument {value}": (
        "argument {name} : argument explicite ignoré {value}"
    ),
    "ambiguous option: {option} could match {options}": "option ambiguë : {option} peut désigner {options}",
    "argument {name}: not allowed with argument {other}": (
        "argument {name} : interdit avec l'argument {other}"
    ),
    "argument {name}: {msg}": "argument {name} : {msg}",
    "expected a whole number from {low} to {high}, got {value}": (
        "un nombre entier de {low} à {high} est attendu, reçu {value}"
    ),
    "must be a whole number from {low} to {high}, got {value}": (
        "doit être un nombre entier de {low} à {high}, reçu {value}"
    ),
    "must be a number of points, not a percent (write 800), got {value}": (
        "doit être un nombre de points, pas un pourcentage (écrivez 800), reçu {value}"
    ),
    "must be a number of points from 0 to 10^15, got {value}": (
        "doit être un nombre de points de 0 à 10^15, reçu {value}"
    ),
    "{prog}: error: {msg}": "{prog} : erreur : {msg}",
}

#: Suffixes and prefixes around a message: tried first (a wrapper matches only when the message
#: it holds translates too).
_AROUND = {
    "{msg}; did you mean {guess}?": "{msg} ; vouliez-vous dire {guess} ?",
    "indicator {id}: {msg}": "indicateur {id} : {msg}",
    "the entity's bounds: {msg}": "les bornes de l'entité : {msg}",
}

#: The kinds of item a message names (`id 'x' is used twice (objective and indicator)`).
_KINDS = {"axis": "axe", "objective": "objectif", "indicator": "indicateur"}

#: A file named before a message: tried last (it would take any `x: y`).
_FILE = {"{path}: {msg}": "{path} : {msg}"}

#: Every template, in the order they are tried.
MESSAGES = Catalogue(
    {
        **_AROUND,
        **_READING,
        **_NUMBERS,
        **_IDS_AND_TEXT,
        **_GRIDS,
        **_RESULTS,
        **_PROFIT_SHARING,
        **_TABLES,
        **_CLI,
        **_USAGE,
        **_KINDS,
        **_FILE,
    }
)
