CREATE TABLE schema_version (
	version INTEGER NOT NULL, 
	applied VARCHAR(40) NOT NULL, 
	PRIMARY KEY (version)
);
CREATE TABLE articles (
	id VARCHAR(40) NOT NULL, 
	url TEXT, 
	source VARCHAR(200), 
	title TEXT, 
	published VARCHAR(40), 
	published_tz_known BOOLEAN NOT NULL, 
	language VARCHAR(20), 
	fetched VARCHAR(40), 
	text TEXT NOT NULL, 
	repeats JSON NOT NULL, 
	quality INTEGER, 
	stored VARCHAR(40) NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE actors (
	id VARCHAR(40) NOT NULL, 
	name TEXT NOT NULL, 
	kind VARCHAR(40) NOT NULL, 
	country VARCHAR(3), 
	role TEXT, 
	sector VARCHAR(20), 
	cameo VARCHAR(40), 
	gender VARCHAR(10), 
	role_start VARCHAR(40), 
	role_end VARCHAR(40), 
	aliases JSON NOT NULL, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_actors_country ON actors (country);
CREATE TABLE events (
	id VARCHAR(40) NOT NULL, 
	event VARCHAR(20) NOT NULL, 
	status VARCHAR(20) NOT NULL, 
	confidence FLOAT NOT NULL, 
	mode VARCHAR(40), 
	context JSON NOT NULL, 
	quad_code INTEGER, 
	cameo VARCHAR(20), 
	date_value VARCHAR(80), 
	date_type VARCHAR(10), 
	date_text TEXT, 
	date_start VARCHAR(40), 
	date_end VARCHAR(40), 
	date_granularity VARCHAR(20), 
	date_tz VARCHAR(64), 
	date_anchor VARCHAR(80), 
	date_mod VARCHAR(20), 
	date_confidence FLOAT, 
	date_evidence JSON, 
	date_reason TEXT, 
	date_first_day DATE, 
	date_last_day DATE, 
	event_loc JSON, 
	topics JSON NOT NULL, 
	event_text TEXT, 
	canonical BOOLEAN NOT NULL, 
	superseded_by VARCHAR(40), 
	PRIMARY KEY (id)
);
CREATE INDEX ix_events_days ON events (date_first_day, date_last_day);
CREATE INDEX ix_events_status ON events (status);
CREATE INDEX ix_events_event ON events (event);
CREATE INDEX ix_events_superseded_by ON events (superseded_by);
CREATE TABLE story_state (
	"key" VARCHAR(40) NOT NULL, 
	state JSON NOT NULL, 
	updated VARCHAR(40) NOT NULL, 
	PRIMARY KEY ("key")
);
CREATE TABLE stories (
	id VARCHAR(40) NOT NULL, 
	title TEXT, 
	first_seen VARCHAR(40) NOT NULL, 
	last_seen VARCHAR(40) NOT NULL, 
	article_ids JSON NOT NULL, 
	event_ids JSON NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE duplicates (
	article_id VARCHAR(40) NOT NULL, 
	original_id VARCHAR(40) NOT NULL, 
	PRIMARY KEY (article_id)
);
CREATE INDEX ix_duplicates_original_id ON duplicates (original_id);
CREATE TABLE mentions (
	article_id VARCHAR(40) NOT NULL, 
	position INTEGER NOT NULL, 
	text TEXT NOT NULL, 
	kind VARCHAR(40) NOT NULL, 
	confidence FLOAT NOT NULL, 
	actor_id VARCHAR(40), 
	evidence JSON NOT NULL, 
	members JSON NOT NULL, 
	PRIMARY KEY (article_id, position), 
	FOREIGN KEY(article_id) REFERENCES articles (id) ON DELETE CASCADE, 
	FOREIGN KEY(actor_id) REFERENCES actors (id)
);
CREATE INDEX ix_mentions_actor_id ON mentions (actor_id);
CREATE TABLE timexes (
	article_id VARCHAR(40) NOT NULL, 
	position INTEGER NOT NULL, 
	value VARCHAR(80) NOT NULL, 
	type VARCHAR(10) NOT NULL, 
	text TEXT NOT NULL, 
	start VARCHAR(40), 
	"end" VARCHAR(40), 
	granularity VARCHAR(20), 
	tz VARCHAR(64), 
	anchor VARCHAR(80), 
	mod VARCHAR(20), 
	confidence FLOAT NOT NULL, 
	evidence JSON NOT NULL, 
	PRIMARY KEY (article_id, position), 
	FOREIGN KEY(article_id) REFERENCES articles (id) ON DELETE CASCADE
);
CREATE TABLE event_actors (
	event_id VARCHAR(40) NOT NULL, 
	role VARCHAR(10) NOT NULL, 
	position INTEGER NOT NULL, 
	actor_id VARCHAR(40) NOT NULL, 
	PRIMARY KEY (event_id, role, position), 
	CONSTRAINT ck_event_actors_role CHECK (role IN ('actor', 'recipient')), 
	FOREIGN KEY(event_id) REFERENCES events (id) ON DELETE CASCADE, 
	FOREIGN KEY(actor_id) REFERENCES actors (id)
);
CREATE INDEX ix_event_actors_actor_id ON event_actors (actor_id);
CREATE TABLE event_articles (
	event_id VARCHAR(40) NOT NULL, 
	article_id VARCHAR(40) NOT NULL, 
	PRIMARY KEY (event_id, article_id), 
	FOREIGN KEY(event_id) REFERENCES events (id) ON DELETE CASCADE
);
CREATE INDEX ix_event_articles_article_id ON event_articles (article_id);
CREATE TABLE flags (
	id VARCHAR(40) NOT NULL, 
	article_id VARCHAR(40) NOT NULL, 
	position INTEGER NOT NULL, 
	kind VARCHAR(60) NOT NULL, 
	severity VARCHAR(10) NOT NULL, 
	message TEXT NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(article_id) REFERENCES articles (id) ON DELETE CASCADE
);
CREATE INDEX ix_flags_article_id ON flags (article_id);
CREATE INDEX ix_flags_severity ON flags (severity);
CREATE INDEX ix_flags_kind ON flags (kind);
CREATE TABLE highlights (
	article_id VARCHAR(40) NOT NULL, 
	position INTEGER NOT NULL, 
	text TEXT NOT NULL, 
	evidence JSON NOT NULL, 
	PRIMARY KEY (article_id, position), 
	FOREIGN KEY(article_id) REFERENCES articles (id) ON DELETE CASCADE
);
CREATE TABLE briefs (
	event_id VARCHAR(40) NOT NULL, 
	text TEXT NOT NULL, 
	PRIMARY KEY (event_id), 
	FOREIGN KEY(event_id) REFERENCES events (id) ON DELETE CASCADE
);
CREATE TABLE evidence (
	id INTEGER NOT NULL, 
	event_id VARCHAR(40), 
	flag_id VARCHAR(40), 
	article_id VARCHAR(40) NOT NULL, 
	start INTEGER NOT NULL, 
	"end" INTEGER NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT ck_evidence_owner CHECK ((event_id IS NULL) <> (flag_id IS NULL)), 
	CONSTRAINT ck_evidence_span CHECK ("start" >= 0 AND "end" >= "start"), 
	FOREIGN KEY(event_id) REFERENCES events (id) ON DELETE CASCADE, 
	FOREIGN KEY(flag_id) REFERENCES flags (id) ON DELETE CASCADE
);
CREATE INDEX ix_evidence_flag_id ON evidence (flag_id);
CREATE INDEX ix_evidence_article_id ON evidence (article_id);
CREATE INDEX ix_evidence_event_id ON evidence (event_id);
