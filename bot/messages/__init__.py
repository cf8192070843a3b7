"""What people read: texts and button descriptions built from catalogs; no Telegram objects here."""
