SELECT owner, hash, format, widths, width, height FROM image_uses WHERE owner IN (<owners>)
