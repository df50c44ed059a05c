import Notebook

print("dropstep")
