-- Holidays (issue 15, point 6): a channel can skip the public holidays of a country, or of a region
-- of one. holidays: the calendar's code, a country (ISO 3166-1 alpha-2, 'DE') or a country and
-- region ('DE-BY', 'US-CA'), as the holiday library knows it; NULL: no holidays are skipped.
ALTER TABLE subscriptions ADD COLUMN holidays TEXT
  CHECK (holidays IS NULL OR holidays GLOB '[A-Z][A-Z]' OR holidays GLOB '[A-Z][A-Z]-[A-Z0-9]*');
