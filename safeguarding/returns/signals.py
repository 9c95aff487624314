"""What returns tells the apps above it, which it may not import."""

from django.dispatch import Signal

# Sent (with submission and superseded) inside the transaction that accepts a return, so
# apps that keep figures worked out from the files of record know to work them out again.
return_accepted = Signal()
