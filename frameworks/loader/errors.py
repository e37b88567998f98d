"""What can be wrong with a framework data file: the error, and the wording of each message."""

# Tests assert these; "{key}" is the field name as written in the file.
SYNTAX_ERROR = "YAML syntax error: {problem}"
SYNTAX_CONTEXT = " ({context}, from line {line})"
NOT_UTF8 = "the file is not UTF-8 text"
EMPTY_FILE = "the file is empty"
NOT_A_MAPPING = (
    "the file must hold a framework's fields (slug:, version:, name:, ...), not {actual}"
)
TOO_COMPLEX = "the file is nested too deeply, too large, or refers to itself"
UNSUPPORTED_VALUE = "this value cannot be read: {problem}"
KEY_NOT_TEXT = "a field name must be text"
DUPLICATE_KEY = "'{key}' is given twice (first on line {first_line})"
UNKNOWN_FIELD = "unknown field '{key}'"
DID_YOU_MEAN = " (did you mean '{suggestion}'?)"
REQUIRED = "'{key}' is required"
EMPTY = "'{key}' must not be empty"
WRONG_TYPE = "'{key}' must be {expected}, not {actual}"
ITEM_WRONG_TYPE = "item {index} of '{key}' must be {expected}, not {actual}"
QUOTE_HINT = ' (put it in quotes: "{value}")'
COLON_HINT = " (YAML reads 'words: more words' as a mapping: put the text in quotes)"
TOO_LONG = "'{key}' is {length} characters long; at most {max_length} fit"
BAD_FORMAT = "'{key}' must be {rule}, not '{value}'"
BAD_CHOICE = "'{key}' must be one of {choices}, not '{value}'"
TOO_FEW = "'{key}' needs at least {minimum} {noun}"
NEGATIVE = "'{key}' must not be negative"
OUT_OF_RANGE = "'{key}' must be a whole number from {low} to {high}, not {value}"
DUPLICATE_CODE = "{kind} code '{code}' is used twice (first on line {first_line})"
UNKNOWN_SCALE = (
    "'{key}' names scale '{code}', which is not defined under 'scales' (defined: {defined})"
)
UNKNOWN_GROUP = (
    "'group' names group '{code}', which is not defined under 'groups' (defined: {defined})"
)
UNKNOWN_SECTION = (
    "'key_sections' names section '{code}', which is not defined under 'sections' "
    "(defined: {defined})"
)
UNKNOWN_PARAMETER = "'{key}' is not a parameter of scheme '{scheme}' (its parameters: {known})"
REQUIRED_FOR_SCHEME = "'{key}' is required for scheme '{scheme}'"
IMPROVEMENT_LEVELS_TOO_MANY = (
    "'improvement_levels' must be less than the number of levels of scale '{scale}' ({count})"
)
CHANGED_VERSION = (
    "{slug} version {version} is already loaded with different content. Loaded frameworks are "
    "never changed: a changed framework is a new version. Give it a new version (for example "
    'version: "{next_version}") in a new file, {slug}-{next_version}.yaml.'
)
LOADED_MEANWHILE = (
    "{slug} version {version} was loaded by someone else while this file was loading: "
    "load the file again to check it is unchanged."
)
ROW_INVALID = "{where}: {field}: {message}"
DUPLICATE_ITEM = "'{key}' names '{value}' twice (first on line {first_line})"


class FrameworkFileError(Exception):
    """A data file that cannot be loaded; ``messages`` lists every problem found in it."""

    def __init__(self, messages: list[str]):
        self.messages = list(messages)
        super().__init__("\n".join(self.messages))
