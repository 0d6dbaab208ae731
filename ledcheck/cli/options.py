"""Help texts shared by several commands' options (one place, the same words everywhere)."""

LANG_HELP = "Language of checklist text (a code from the checklist's languages)."
MAX_BYTES_HELP = "Refuse input files larger than this many bytes (default 10 MB)."
CHECKLIST_ARG_HELP = "A checklist file or the id of an available checklist (default: sme-me-aec)."
PROFILE_HELP = ("Use this profile of the checklist (its selected indicators and weights; 'all' is "
                "the whole checklist); default: the submission's own 'profile:', else the whole checklist.")
