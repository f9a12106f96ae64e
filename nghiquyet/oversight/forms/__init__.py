"""The forms of the upper level's pages, one module per views module; `common` holds the shared fields,
the period forms and the answer form."""
