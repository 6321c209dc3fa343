"""Training of the small models bcdsim ships (BNN two-step recipe on a data set a package ships)."""
