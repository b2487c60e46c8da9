-- Foundation: reference data, users and sessions, settings, the append-only audit log.

CREATE TABLE federal_districts (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL
) STRICT;

CREATE TABLE regions (
  code TEXT PRIMARY KEY,              -- two-digit code of the subject, as in the first digits of INN/KPP
  name TEXT NOT NULL UNIQUE,
  federal_district TEXT NOT NULL REFERENCES federal_districts(code)
) STRICT;

CREATE TABLE skus (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  brand TEXT,
  is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1))
) STRICT;

CREATE TABLE equipment_types (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1))
) STRICT;

CREATE TABLE violation_types (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL
) STRICT;

CREATE TABLE amnesty_reasons (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1))
) STRICT;

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  login TEXT NOT NULL UNIQUE COLLATE NOCASE,
  full_name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
  region_code TEXT REFERENCES regions(code),
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE user_roles (
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('assistant', 'manager', 'legal', 'finance', 'director', 'admin')),
  PRIMARY KEY (user_id, role)
) STRICT;

-- Only a hash of the token is kept, so a copied database file does not hand out live sessions.
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  revoked_at TEXT
) STRICT;

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by INTEGER REFERENCES users(id)
) STRICT;

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  user_id INTEGER,
  user_login TEXT,
  command TEXT NOT NULL,
  entity TEXT,
  entity_id TEXT,
  before_json TEXT,
  after_json TEXT
) STRICT;
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);
CREATE INDEX audit_log_user ON audit_log(user_login);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'Журнал аудита нельзя изменять'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'Записи журнала аудита нельзя удалять'); END;

INSERT INTO federal_districts (code, name) VALUES
  ('ЦФО', 'Центральный федеральный округ'),
  ('СЗФО', 'Северо-Западный федеральный округ'),
  ('ЮФО', 'Южный федеральный округ'),
  ('СКФО', 'Северо-Кавказский федеральный округ'),
  ('ПФО', 'Приволжский федеральный округ'),
  ('УФО', 'Уральский федеральный округ'),
  ('СФО', 'Сибирский федеральный округ'),
  ('ДФО', 'Дальневосточный федеральный округ');

INSERT INTO regions (code, name, federal_district) VALUES
  ('31', 'Белгородская область', 'ЦФО'), ('32', 'Брянская область', 'ЦФО'), ('33', 'Владимирская область', 'ЦФО'),
  ('36', 'Воронежская область', 'ЦФО'), ('37', 'Ивановская область', 'ЦФО'), ('40', 'Калужская область', 'ЦФО'),
  ('44', 'Костромская область', 'ЦФО'), ('46', 'Курская область', 'ЦФО'), ('48', 'Липецкая область', 'ЦФО'),
  ('50', 'Московская область', 'ЦФО'), ('57', 'Орловская область', 'ЦФО'), ('62', 'Рязанская область', 'ЦФО'),
  ('67', 'Смоленская область', 'ЦФО'), ('68', 'Тамбовская область', 'ЦФО'), ('69', 'Тверская область', 'ЦФО'),
  ('71', 'Тульская область', 'ЦФО'), ('76', 'Ярославская область', 'ЦФО'), ('77', 'г. Москва', 'ЦФО'),
  ('10', 'Республика Карелия', 'СЗФО'), ('11', 'Республика Коми', 'СЗФО'), ('29', 'Архангельская область', 'СЗФО'),
  ('83', 'Ненецкий автономный округ', 'СЗФО'), ('35', 'Вологодская область', 'СЗФО'),
  ('39', 'Калининградская область', 'СЗФО'), ('47', 'Ленинградская область', 'СЗФО'),
  ('51', 'Мурманская область', 'СЗФО'), ('53', 'Новгородская область', 'СЗФО'), ('60', 'Псковская область', 'СЗФО'),
  ('78', 'г. Санкт-Петербург', 'СЗФО'),
  ('01', 'Республика Адыгея', 'ЮФО'), ('08', 'Республика Калмыкия', 'ЮФО'), ('91', 'Республика Крым', 'ЮФО'),
  ('23', 'Краснодарский край', 'ЮФО'), ('30', 'Астраханская область', 'ЮФО'), ('34', 'Волгоградская область', 'ЮФО'),
  ('61', 'Ростовская область', 'ЮФО'), ('92', 'г. Севастополь', 'ЮФО'),
  ('93', 'Донецкая Народная Республика', 'ЮФО'), ('94', 'Луганская Народная Республика', 'ЮФО'),
  ('90', 'Запорожская область', 'ЮФО'), ('95', 'Херсонская область', 'ЮФО'),
  ('05', 'Республика Дагестан', 'СКФО'), ('06', 'Республика Ингушетия', 'СКФО'),
  ('07', 'Кабардино-Балкарская Республика', 'СКФО'), ('09', 'Карачаево-Черкесская Республика', 'СКФО'),
  ('15', 'Республика Северная Осетия — Алания', 'СКФО'), ('20', 'Чеченская Республика', 'СКФО'),
  ('26', 'Ставропольский край', 'СКФО'),
  ('02', 'Республика Башкортостан', 'ПФО'), ('12', 'Республика Марий Эл', 'ПФО'), ('13', 'Республика Мордовия', 'ПФО'),
  ('16', 'Республика Татарстан', 'ПФО'), ('18', 'Удмуртская Республика', 'ПФО'), ('21', 'Чувашская Республика', 'ПФО'),
  ('59', 'Пермский край', 'ПФО'), ('43', 'Кировская область', 'ПФО'), ('52', 'Нижегородская область', 'ПФО'),
  ('56', 'Оренбургская область', 'ПФО'), ('58', 'Пензенская область', 'ПФО'), ('63', 'Самарская область', 'ПФО'),
  ('64', 'Саратовская область', 'ПФО'), ('73', 'Ульяновская область', 'ПФО'),
  ('45', 'Курганская область', 'УФО'), ('66', 'Свердловская область', 'УФО'), ('72', 'Тюменская область', 'УФО'),
  ('74', 'Челябинская область', 'УФО'), ('86', 'Ханты-Мансийский автономный округ — Югра', 'УФО'),
  ('89', 'Ямало-Ненецкий автономный округ', 'УФО'),
  ('04', 'Республика Алтай', 'СФО'), ('17', 'Республика Тыва', 'СФО'), ('19', 'Республика Хакасия', 'СФО'),
  ('22', 'Алтайский край', 'СФО'), ('24', 'Красноярский край', 'СФО'), ('38', 'Иркутская область', 'СФО'),
  ('42', 'Кемеровская область — Кузбасс', 'СФО'), ('54', 'Новосибирская область', 'СФО'),
  ('55', 'Омская область', 'СФО'), ('70', 'Томская область', 'СФО'),
  ('03', 'Республика Бурятия', 'ДФО'), ('14', 'Республика Саха (Якутия)', 'ДФО'), ('75', 'Забайкальский край', 'ДФО'),
  ('41', 'Камчатский край', 'ДФО'), ('25', 'Приморский край', 'ДФО'), ('27', 'Хабаровский край', 'ДФО'),
  ('28', 'Амурская область', 'ДФО'), ('49', 'Магаданская область', 'ДФО'), ('65', 'Сахалинская область', 'ДФО'),
  ('79', 'Еврейская автономная область', 'ДФО'), ('87', 'Чукотский автономный округ', 'ДФО');

INSERT INTO violation_types (code, name) VALUES
  ('OOS', 'Отсутствие SKU из обязательного ассортимента'),
  ('EQUIPMENT', 'Отсутствие или не брендировано оборудование'),
  ('SCHEDULE', 'Точка закрыта в договорные часы');

INSERT INTO amnesty_reasons (code, name) VALUES
  ('DELIVERY_CONFIRMED', 'Поставка подтверждена документами'),
  ('IR_ERROR', 'Ошибка распознавания изображений'),
  ('OUTLET_RENOVATION', 'Ремонт торговой точки'),
  ('REP_ERROR', 'Ошибка торгового представителя'),
  ('FORCE_MAJEURE', 'Форс-мажор');
