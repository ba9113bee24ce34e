from fastapi import FastAPI

app = FastAPI(title="full-stack example")


@app.get("/api/v1/utils/health-check/")
def health_check() -> bool:
    return True
