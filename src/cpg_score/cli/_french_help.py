"""The French of `cpg-score --help`: argparse's own words, each command's help, description and
arguments, and the names of the values (metavars).

English template -> French, `{name}` for a variable part (a default, a bound). argparse expands
`%` in a help text: a French `%` is written `%%`. A test renders every command's help in French
and checks no English is left and no entry is dead.
"""

from __future__ import annotations

from cpg_score.cli._french import Catalogue

__all__ = ["HELP", "METAVARS", "USAGE_FR"]

#: argparse's prefix of the usage line, in French.
USAGE_FR = "utilisation : "

#: The names of the values, in French.
METAVARS = {
    "COMMAND": "COMMANDE",
    "GRID": "GRILLE",
    "RESULTS": "RÉSULTATS",
    "FILE": "FICHIER",
    "NAME": "NOM",
    "INDICATOR": "INDICATEUR",
    "TREE": "ARBORESCENCE",
    "DIR": "DOSSIER",
    "SCENARIO": "SCÉNARIO",
    "POINTS": "POINTS",
    "SEED": "GRAINE",
    "SERIES": "SÉRIES",
    "N": "N",
    "ID": "ID",
    "TEXT": "TEXTE",
}

_ARGPARSE = {
    "positional arguments": "arguments positionnels",
    "options": "options",
    "show this help message and exit": "afficher cette aide et quitter",
    "show program's version number and exit": "afficher la version du programme et quitter",
}

_SHARED = {
    "language of the help, the output and the messages, here or after the command "
    "(default: fr; or CPG_SCORE_LANG)": (
        "langue de l'aide, des résultats et des messages, ici ou après la commande "
        "(par défaut : fr ; ou CPG_SCORE_LANG)"
    ),
    "reading limits (guards against huge or hostile files)": (
        "limites de lecture (protègent des fichiers énormes ou malveillants)"
    ),
    "largest input file, in bytes, at most {ceiling} (default: {default})": (
        "plus gros fichier d'entrée, en octets, au plus {ceiling} (par défaut : {default})"
    ),
    "most YAML nodes once aliases are expanded, at most {ceiling} (default: {default})": (
        "nombre maximal de nœuds YAML une fois les alias développés, au plus {ceiling} "
        "(par défaut : {default})"
    ),
    "deepest nesting, at most {ceiling} (default: {default})": (
        "imbrication maximale, au plus {ceiling} (par défaut : {default})"
    ),
    "output format (default: {fmt}; xlsx needs --output)": (
        "format de sortie (par défaut : {fmt} ; xlsx demande --output)"
    ),
    "output format (default: {fmt}; the list of schemas only: a schema is always JSON)": (
        "format de sortie (par défaut : {fmt} ; la liste des schémas seulement : un schéma est "
        "toujours en JSON)"
    ),
    "output format (default: {fmt})": "format de sortie (par défaut : {fmt})",
    "language of headings, messages and numbers (default: {lang}; or CPG_SCORE_LANG)": (
        "langue des titres, des messages et des nombres (par défaut : {lang} ; ou CPG_SCORE_LANG)"
    ),
    "write to FILE (atomically) instead of standard output": (
        "écrire dans FICHIER (de façon atomique) plutôt que sur la sortie standard"
    ),
    "colour the terminal table: auto (a terminal, NO_COLOR unset), always, never (default: auto)": (
        "colorer le tableau du terminal : auto (un terminal, NO_COLOR non défini), always (toujours), "
        "never (jamais) (par défaut : auto)"
    ),
    "the grid file (YAML)": "le fichier de la grille (YAML)",
    "the results file (YAML), or a table of results (.csv, .xlsx)": (
        "le fichier des résultats (YAML), ou un tableau de résultats (.csv, .xlsx)"
    ),
    "the entity to score when RESULTS is a table of several entities (.csv, .xlsx)": (
        "l'entité à évaluer quand RÉSULTATS est un tableau de plusieurs entités (.csv, .xlsx)"
    ),
    "per-entity floors and targets (a targets file, YAML), applied to the results": (
        "seuils et cibles propres à l'entité (un fichier de cibles, YAML), appliqués aux résultats"
    ),
}

_COMMANDS = {
    "Score the Contrat Pluriannuel de Gestion (CPG) of the Assurance Maladie.": (
        "Calculer le score du Contrat Pluriannuel de Gestion (CPG) de l'Assurance Maladie."
    ),
    "score an entity's results on a grid": "calculer le score des résultats d'une entité sur une grille",
    "Score RESULTS on GRID and print the scorecard.": (
        "Calculer le score de RÉSULTATS sur GRILLE et afficher le tableau de bord."
    ),
    "score a shipped example (see `cpg-score examples`)": (
        "calculer un exemple livré (voir `cpg-score examples`)"
    ),
    "check grid and results files": "vérifier des fichiers de grille et de résultats",
    "Check each FILE; results are checked against a grid given alongside.": (
        "Vérifier chaque FICHIER ; les résultats sont vérifiés par rapport à une grille donnée avec eux."
    ),
    "grid or results files": "fichiers de grille ou de résultats",
    "list the shipped grids, results and other files, by kind": (
        "lister les grilles, résultats et autres fichiers livrés, par type"
    ),
    "List every shipped file by kind: the published grids, their results (usable with `score "
    "--example NAME`), trees, scenarios, bounds, series, specs and profit-sharing parameters.": (
        "Lister chaque fichier livré par type : les grilles publiées, leurs résultats (utilisables avec "
        "`score --example NOM`), arborescences, scénarios, bornes, séries, lois de simulation et "
        "paramètres d'intéressement."
    ),
    "list only the files of this kind": "ne lister que les fichiers de ce type",
    "also print where each file is": "afficher aussi l'emplacement de chaque fichier",
    "several entities side by side on one grid": "plusieurs entités côte à côte sur une grille",
    "Score each RESULTS file on GRID and print them side by side (rate and points / max per entity, "
    "axis subtotals, the regional result), as on the report's page « RÉSULTATS ».": (
        "Calculer le score de chaque fichier RÉSULTATS sur GRILLE et les afficher côte à côte (taux et "
        "points / maximum par entité, sous-totaux par axe, résultat d'ensemble), comme sur la page "
        "« RÉSULTATS » du rapport."
    ),
    "results files (YAML, one entity each), or tables of results (.csv, .xlsx)": (
        "fichiers de résultats (YAML, une entité chacun), ou tableaux de résultats (.csv, .xlsx)"
    ),
    "show how an indicator's or objective's score was computed": (
        "montrer comment le score d'un indicateur ou d'un objectif a été calculé"
    ),
    "Print, for one indicator (or objective) of GRID scored on RESULTS: the inputs, the rule, the "
    "arithmetic, the rate and the points.": (
        "Afficher, pour un indicateur (ou un objectif) de GRILLE évalué sur RÉSULTATS : les données, la "
        "règle, le calcul, le taux et les points."
    ),
    "an indicator or objective id of the grid": "l'id d'un indicateur ou d'un objectif de la grille",
    "consolidate children's results into a parent's results file": (
        "consolider les résultats des entités filles en un fichier de résultats de l'entité mère"
    ),
    "Consolidate RESULTS (files or directories of the tree's entities) along TREE and write the "
    "parent's results file, which `score` accepts. Counts and amounts add up; rates come from summed "
    "numerators and denominators, or from the weight declared in the tree.": (
        "Consolider RÉSULTATS (fichiers ou dossiers des entités de l'arborescence) selon ARBORESCENCE et "
        "écrire le fichier de résultats de l'entité mère, que `score` accepte. Les nombres et montants "
        "s'additionnent ; les taux viennent de la somme des numérateurs et dénominateurs, ou du poids "
        "déclaré dans l'arborescence."
    ),
    "the entity tree file (YAML)": "le fichier de l'arborescence des entités (YAML)",
    "results files or directories": "fichiers ou dossiers de résultats",
    "the grid (for the units of the results)": "la grille (pour les unités des résultats)",
    "the entity to consolidate (default: the tree's root)": (
        "l'entité à consolider (par défaut : la racine de l'arborescence)"
    ),
    "write every consolidated level to DIR/<id>.yaml": (
        "écrire chaque niveau consolidé dans DOSSIER/<id>.yaml"
    ),
    "look for copy-pastes, repeated labels, values out of domain and totals that disagree": (
        "rechercher copier-coller, libellés répétés, valeurs hors domaine et totaux discordants"
    ),
    "Check results FILES (directories accepted; a grid, a tree or a totals file among them is used "
    "as such). Exit 0 when clean, 3 when something was found, 2 on invalid input; warnings "
    "(implausible values, given --grid) alone exit 0, 3 with --strict.": (
        "Contrôler les fichiers de résultats FICHIER (dossiers acceptés ; une grille, une arborescence ou "
        "un fichier de totaux parmi eux est employé comme tel). Code de sortie 0 si rien n'est trouvé, "
        "3 si quelque chose l'est, 2 pour une entrée invalide ; des avertissements seuls (valeurs "
        "invraisemblables, avec --grid) donnent 0, 3 avec --strict."
    ),
    "exit 3 on warnings too (implausible values), not only on findings": (
        "code de sortie 3 aussi pour les avertissements (valeurs invraisemblables), pas seulement pour "
        "les constats"
    ),
    "published totals to compare with the sums": "totaux publiés à comparer aux sommes",
    "the grid, for the units of the results": "la grille, pour les unités des résultats",
    "the entity tree, to place the totals' entities": (
        "l'arborescence des entités, pour situer les entités des totaux"
    ),
    "identical figures that make two entities suspect, 1 to 10000 (default: {default})": (
        "nombre de chiffres identiques qui rend deux entités suspectes, de 1 à 10000 (par défaut : {default})"
    ),
    "compare scenarios with their base results": "comparer des scénarios à leurs résultats de base",
    "Score each SCENARIO (a base results file with overridden values) side by side with its base: "
    "points and delta per objective, axis and the total.": (
        "Calculer chaque SCÉNARIO (un fichier de résultats de base aux valeurs modifiées) à côté de sa "
        "base : points et écart par objectif, par axe et au total."
    ),
    "scenario files (YAML)": "fichiers de scénarios (YAML)",
    "base results file, or a table of results (default: the scenarios' `base`)": (
        "fichier des résultats de base, ou tableau de résultats (par défaut : la `base` des scénarios)"
    ),
    "points per unit of improvement of every indicator": (
        "gain de points par point de taux de chaque indicateur"
    ),
    "For every indicator (and objective rated directly): the points gained per unit of improvement "
    "at the current value, the next breakpoint of its rule and the headroom, best first.": (
        "Pour chaque indicateur (et objectif évalué directement) : le gain de points par point de taux "
        "(ou par unité) à la valeur actuelle, le prochain palier de sa règle et la marge restante, les "
        "plus rentables d'abord."
    ),
    "the cheapest improvements to reach a target total": (
        "les améliorations les moins coûteuses pour atteindre un total visé"
    ),
    "Find the cheapest improvements (cost 1 per unit unless --bounds says otherwise) that lift the "
    "total to --target; say whether the plan is proven optimal, or that the target is out of reach "
    "and how close the best plan gets.": (
        "Trouver les améliorations les moins coûteuses (coût 1 par unité sauf indication de --bounds) "
        "qui portent le total à --target ; dire si le plan est optimal de façon prouvée, ou que la "
        "cible est hors d'atteinte et de combien le meilleur plan s'en approche."
    ),
    "the total to reach (points, 0 to 10^15)": "le total à atteindre (points, de 0 à 10^15)",
    "limits, costs and fixed levers (YAML)": "limites, coûts et leviers fixés (YAML)",
    "Monte Carlo distribution of the score": "distribution Monte-Carlo du score",
    "Draw each indicator's year-end value from a distribution (--spec; default: normal around the "
    "current value) and report the distribution of the total and of each objective, and the "
    "probability of reaching each --threshold. Seeded: the same seed gives the same figures.": (
        "Tirer la valeur de fin d'année de chaque indicateur selon une loi (--spec ; par défaut : "
        "normale autour de la valeur actuelle) et donner la distribution du total et de chaque "
        "objectif, et la probabilité d'atteindre chaque --threshold. Reproductible : la même graine "
        "donne les mêmes chiffres."
    ),
    "number of draws, 1 to {max} (default: {default}); memory does not grow with it": (
        "nombre de tirages, de 1 à {max} (par défaut : {default}) ; la mémoire n'en dépend pas"
    ),
    "random seed, 0 to {max} (default: {default})": "graine aléatoire, de 0 à {max} (par défaut : {default})",
    "distributions and correlations (YAML)": "lois et corrélations (YAML)",
    "report the probability of reaching this total (points, 0 to 10^15; repeatable)": (
        "donner la probabilité d'atteindre ce total (points, de 0 à 10^15 ; répétable)"
    ),
    "random numbers and arithmetic: NumPy when installed (auto), or pure Python": (
        "nombres aléatoires et calcul : NumPy s'il est installé (auto), sinon Python pur"
    ),
    "also report the profit-sharing per FTE (parameters, YAML)": (
        "donner aussi l'intéressement par ETP (paramètres, YAML)"
    ),
    "also write an HTML report with a histogram of the simulated totals (charts need the `report` extra)": (
        "écrire aussi un rapport HTML avec un histogramme des totaux simulés (les graphiques demandent "
        "l'extra `report`)"
    ),
    "no progress lines (otherwise one on standard error every {interval} s once a run passes {delay} s)": (
        "pas de lignes d'avancement (sinon une sur la sortie d'erreur toutes les {interval} s dès qu'un "
        "calcul dépasse {delay} s)"
    ),
    "project year-end values from monthly cumulative figures, and score them": (
        "projeter les valeurs de fin d'année à partir des cumuls mensuels, et en calculer le score"
    ),
    "Project each series of SERIES (monthly cumulative figures to date) to year end (linear pace, "
    "or a previous year's seasonal profile), score the projection, with an interval.": (
        "Projeter chaque série de SÉRIES (cumuls mensuels à date) jusqu'à la fin de l'année (rythme "
        "linéaire, ou profil saisonnier d'une année précédente), et calculer le score de la "
        "projection, avec un intervalle."
    ),
    "the monthly series file (YAML)": "le fichier des séries mensuelles (YAML)",
    "base results for the indicators without a series (YAML, or a table: .csv, .xlsx)": (
        "résultats de base pour les indicateurs sans série (YAML, ou un tableau : .csv, .xlsx)"
    ),
    "profit-sharing (intéressement) per FTE from a score": "intéressement par ETP à partir d'un score",
    "The agreements' profit-sharing: the masse (2,5 % of the salary bill) split into a national and "
    "a local part; PINI and PILI (each part per eligible FTE); the national rate (a weighted mean of "
    "themes, given or from --national GRID RESULTS) and the local rate (points earned / theoretical "
    "points of RESULTS, or given in FILE), each paying nothing at or below its trigger; MTID = PINI "
    "x TRN + PILI x TRL. Without GRID RESULTS, FILE gives the local rate.": (
        "L'intéressement des accords : la masse (2,5 % de la masse salariale) répartie en une part "
        "nationale et une part locale ; PINI et PILI (chaque part par ETP éligible) ; le taux national "
        "(moyenne pondérée de thèmes, donnés ou tirés de --national GRILLE RÉSULTATS) et le taux local "
        "(points acquis / points théoriques de RÉSULTATS, ou donné dans FICHIER), chacun ne versant "
        "rien à son seuil de déclenchement ou en dessous ; MTID = PINI x TRN + PILI x TRL. Sans "
        "GRILLE RÉSULTATS, FICHIER donne le taux local."
    ),
    "the entity's grid file (YAML)": "le fichier de la grille de l'entité (YAML)",
    "profit-sharing parameters (YAML)": "paramètres d'intéressement (YAML)",
    "a scored national grid: the national themes' rates are its axes' rates": (
        "une grille nationale évaluée : les taux des thèmes nationaux sont les taux de ses axes"
    ),
    "print the JSON Schema of a file format (for editors)": (
        "afficher le schéma JSON d'un format de fichier (pour les éditeurs)"
    ),
    "Print the JSON Schema (draft 2020-12) of a YAML format, such as `grid` or `results`; without "
    "NAME, list the schemas.": (
        "Afficher le schéma JSON (draft 2020-12) d'un format YAML, comme `grid` ou `results` ; sans NOM, "
        "lister les schémas."
    ),
    "the schema to print (default: list them)": "le schéma à afficher (par défaut : les lister)",
    "write the input workbook (or CSV) of a grid, for a pilot to fill": (
        "écrire le classeur de saisie (ou le CSV) d'une grille, à remplir par le pilote"
    ),
    "Write the input template of GRID: one row per indicator (or objective scored directly) with "
    "its label, unit, floor, target and points, and the Résultat column to fill (in xlsx: data "
    "validation per unit, a Notes sheet with each rule in words). Score the filled file with "
    "`cpg-score score GRID FILE`.": (
        "Écrire le modèle de saisie de GRILLE : une ligne par indicateur (ou objectif évalué "
        "directement) avec son libellé, son unité, son seuil, sa cible et ses points, et la colonne "
        "Résultat à remplir (en xlsx : validation des données selon l'unité, une feuille Notes qui "
        "décrit chaque règle). Calculer ensuite le score du fichier rempli avec "
        "`cpg-score score GRILLE FICHIER`."
    ),
    "the entity's id, written in the meta block": "l'id de l'entité, écrit dans l'en-tête du modèle",
    "the entity's label, written in the meta block": (
        "le libellé de l'entité, écrit dans l'en-tête du modèle"
    ),
}

#: Every template of the help, in the order they are tried.
HELP = Catalogue({**_ARGPARSE, **_SHARED, **_COMMANDS})
