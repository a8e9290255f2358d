"""Minka: YAML records of rural associativity practices rendered into a bilingual static site."""
