"""The workbench: a FastAPI REST API and server-rendered pages over one store."""
from wartrace.web.app import create_app
from wartrace.web.settings import WebSettings

__all__ = ["create_app", "WebSettings"]
