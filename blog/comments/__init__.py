"""Reader comments: the form, the moderation rules, the tree shown under an article, and privacy helpers."""
