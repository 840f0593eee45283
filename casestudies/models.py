"""Where Django finds the app's models: each feature keeps its own (library, editorial, spread);
importing them here registers them under the one app label, so their tables keep their names.
Code imports a model from its feature's `models`, never from here."""

import casestudies.editorial.models
import casestudies.library.models
import casestudies.spread.models  # noqa: F401
