"""Invoices: the PDF of an order (``pdf``), signed expiring download links (``links``) and the
endpoint that serves them (``endpoints``)."""
