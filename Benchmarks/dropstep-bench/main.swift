import LessonScript

print("{}")
