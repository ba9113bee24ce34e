from fastapi import FastAPI

app = FastAPI(title="Tickets")


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}
