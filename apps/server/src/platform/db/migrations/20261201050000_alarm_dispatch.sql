-- An alarm resolved as "dispatched" (confined space) becomes a dispatch event (source 'alarm'),
-- at most one per alarm, so the street takes it through 立案 to closure like any other event.
ALTER TABLE dispatch_event ADD COLUMN alarm_id bigint UNIQUE REFERENCES alarm (id);
ALTER TABLE dispatch_event ADD CONSTRAINT dispatch_event_alarm_source
  CHECK ((source = 'alarm') = (alarm_id IS NOT NULL));
